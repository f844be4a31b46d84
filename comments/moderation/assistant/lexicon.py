"""A few counted signals that generalise beyond the training sentences.

N-grams learn what the site's moderators decided; these counts carry what every German
moderator knows, so that a word the site has never seen in a decision still weighs: insult
stems (compounds included: "Vollidiot", "Drecksack"), threats ("umbringen", "aufhängen"),
dehumanising words ("Ungeziefer", "Parasiten", "Pack"), spam (links, "Geld verdienen") and
personal data (street and number, phone numbers, e-mail addresses, number plates). The
site's own word lists are two more counts (blocked, watched).

Context matters as much as the word: an insult aimed at someone ("du Idiot", "Sie sind ein
Trottel") is counted apart from one that is reported or quoted ("er nannte ihn einen
Idioten, das geht gar nicht"), so the model can weigh them differently.

Stems are written in the folded form of normalise.fold (ä -> ae, ß -> ss) and matched on
words with doubled letters squeezed. A stem is matched as a part of a word (`*stem*`), as
its start (`stem*`), its end (`*stem`) or the whole word (`stem`).
"""

from __future__ import annotations

import math
import re

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .normalise import EMAIL_RE, PHONE_RE, URL_RE, fold, normalise, squeeze

INSULTS = """
*idiot* *depp *trottel* *vollpfosten* *arschloch* aloch *arschgeige* *arschkriecher*
*wichser* *wixer* *hurenso* hure huren *schlampe* *fotze* *missgeburt* spast spasti
spastis *spacko* *spacken* mongo mongos *schwachkopf* *dummkopf* *hohlkopf* *holzkopf*
*dumpfbacke* *hohlbirne* *schwachmat* *vollhonk* honk honks *penner* *pisser* *bratze*
*drecksack* *dreckssack* drecks* *dreckschwein* *schwein sau saeue *witzfigur*
*hackfresse* fresse *dummschwaetzer* *knalltuete* *vollhorst* *doedel* *nulpe*
*flachpfeife* *flachzange* hirni *hirnlos* *hirnamputiert* *hirntot* *geistesgestoert*
*volltrottel* *schwachsinnig* *bekloppt* *beknackt* *daemlich* *lusche* *weichei*
*schmock* *sackgesicht* *pimmel* *schwuchtel* *kanake* *schlitzaug* *kameltreiber*
*ziegenficker* neger *untermensch* *systemhure* *systemling* *presstitu* *fick*
*verraeter* *volksverrat* *vollversager* versager *lackaffe* *dreckig* *asozial*
*kotzbrocken* *ekelpaket* *mistkerl* *mistkaefer* *drecksblatt* *schmierfink*
*dumme_kuh* *bloede_kuh* *bloedmann* *dummbeutel* *hohlbratze* *clown* *kasper*
*idiotin* *trottelin* *psycho* *pack* *schnepfe* *hexe* *heuchler* *dummbatz* *pappnase*
*hornochse* ochse rindvieh esel *trampel* *evolutionsbremse* *armleuchter* *vollpfeife*
*flitzpiepe* *knallcharge* *hampelmann* *schiessbudenfigur* *bloedian* *dussel* dulli
*doespaddel* *doesbaddel* *hanswurst* *luemmel* *rotzloeffel* *rotznase* lauch lauchs
*vollspast* *kackbratze* *arschgesicht* *pissnelke* zicke ziege *tussi* trulla *furie*
*schreckschraube* weib *tunte* *transe* *memme* *warmduscher* *schlappschwanz* *ferkel*
*mistvieh* *mistsau* *miststueck* *drecksstueck* *stueck_scheisse* *scheisskerl*
*bastard* lump lumpen *halunke* *kanaille* *schuft* *schleimer* *speichellecker*
*wichtigtuer* *grossmaul* *klugscheiss* *labertasche* *hohlkoerper* *hirnverbrannt*
*strohdumm* *strunzdumm* *saudumm* *stockdumm* *daemlack* *doofmann* doofi pfosten
irrer *geisteskrank* *gehirnamputiert* *lobotomiert* *behaemmert* asi assi assis *prolet*
proll *spinner* *vogelscheuche* *qualle* *made* *nazischwein* *bullenschwein* *kinderficker*
*wixxer* *opfer_du* *du_opfer* *bloede_ziege* *dumme_ziege* *dummes_weib* *alte_hexe*
"""

THREATS = """
*umbringen* *umgebracht* *umbring* *abknall* *abstech* *abgestoch* *aufhaeng* *aufgehaeng*
*aufknuepf* *erschiess* *erschoss* *totschlag* *totgeschlag* *kaltmach* *kaltgemacht*
*laterne* *galgen* *guillotine* *vergas* *lynch* *abschlacht* *niederstech* *anzuend*
*abfackel* *abmurks* *verreck* *krepier* *kugel* *toeten* *getoetet* *ausrotten*
*ausloesch* *aufschlitz* *erwuerg* *erhaeng* *abschiess* *wegballern* *ballern* *abmetzel*
*massakr* *prueg* *verpruegel* *vermoebel* *fresse_polier* *aufs_maul* *in_die_fresse*
*weiss_wo_du_wohnst* *wissen_wo_du_wohnst* *wir_kriegen_dich* *wir_finden_dich* *besuch*
*nackenschuss* *genickschuss* *umleg* *umgelegt* *plattmach* *knochen_brech* *brech_dir*
*kopf_ab* *zusammenschlag* *zusammengeschlagen* *zu_tode* *totpruegel* *erschlag*
*ersaeuf* *ertraenk* *in_die_luft* *sprengen* *bombe* *knarre* *ueberlebt_er_nicht*
*ueberlebst_du_nicht* *gnade_dir* *toter_mann* *bist_tot* *tage_sind_gezaehlt*
*vor_deiner_tuer* *vor_deiner_haustuer* *wo_du_wohnst* *ich_finde_dich* *werde_dich_finden*
*umfahren* *ueberfahren* *stich_dich* *stech_dich* *schlitz_dich* *mach_dich* stirb
*sollte_man_erschiessen* *gehoert_erschossen* *gehoeren_erschossen* *schlag_dich*
"""

DEHUMANISING = """
*ungeziefer* *parasit* *schmarotzer* *gesindel* *abschaum* *gesocks* *viehzeug* vieh viecher
*kakerlak* brut pest *seuche* *unrat* zecke zecken *untermensch* *invasor* *kreatur* *musel*
*kopftuchmaedchen* *messermaenner* *goldstueck* *dreckspack* *lumpenpack* *gesoxx* *plage*
*heuschrecke* *bestie* affen *primaten* *horden* *ausmisten* *entsorgen* *raus_mit* *bagage*
*mischpoke* sippe *gezuecht* *gewuerm* *geschmeiss* *schaedling* wanze wanzen made maden
*karnickel* *vermehren_sich* *krebsgeschwuer* *geschwuer* *ausmerzen* *vertilgen*
*ausraeucher* *wegraeumen* *sterilisier* *einzaeunen* *auslaender_raus* *muslime_raus*
*moslems_raus* *alle_raus* *gehoeren_nicht_hierher* *keine_menschen* *wie_tiere*
"""

GROUPS = """
*auslaender* *fluechtling* *gefluechtet* *migrant* *muslim* *moslem* *islam* *jude* juden
*tuerke* *tuerken* *araber* *afghane* *syrer* *afrikaner* *schwarze* *roma* *sinti*
*polen* *russen* *ukrainer* *ossis* *wessis* *frauen* *weiber* *schwule* *lesben* *linke*
*rechte* *gruene* *politiker* *beamte* *rentner* *arbeitslose* *hartz* *buergergeld*
*journalist* *radfahrer* *autofahrer* *bauern* *klimakleber* *aktivist* *asylant* *sozis*
*nazis* *cdu* *spd* *afd* *fdp* *bsw* *merkel* *regierung* *bonzen* *eliten* *schmarotzer*
"""

GENERALISERS = """
alle alles diese dieses dieser solche solches ganze ganzen sowas typisch immer nur
"""

SPAM = """
*verdien* *nebenverdienst* *nebenjob* *zuhause* *zu_hause* *gratis* *kostenlos* *klick*
*bitcoin* *krypto* *crypto* *casino* *rabatt* *gutschein* *angebot* *whatsapp* *telegram*
*anmelden* *registrier* *profil* *abnehm* *kredit* *schufa* *potenz* *viagra* *singles*
*dating* *sexy* *investier* *rendite* *trading* *forex* *gewinn* *urlaub* *reich_werden*
*passives_einkommen* *finanzielle_freiheit* *mein_onkel* *meine_tante* *chef_sein* *coach*
*seminar* *webinar* *dm* *schreibt_mir* *schreib_mir* *kontaktier* *jetzt* *sofort*
*limitiert* *nur_heute* *bestell* *shop* *preis* *euro* *eur* *dollar* *prozent* *urltoken*
*mailtoken* *phonetoken* *pro_tag* *pro_woche* *pro_monat* *im_monat* *am_tag*
"""

DOXXING_WORDS = """
wohnt *wohnhaft* *adresse* *anschrift* *hausnummer* *handynummer* *telefonnummer*
*privatnummer* *klingel* *kennzeichen* *arbeitet_bei* *arbeitet_im* *geht_in_die*
*gehen_in_die* *gehen_auf_die* *seine_frau* *ihre_kinder* *seine_kinder* *vorbeischauen*
*besuchen* *etage* *erdgeschoss* *hinterhaus* *stock_klingel* *schicht_ab* *findet_man_im*
*findet_man_in* *privat* *mailtoken* *phonetoken* *heisst_in_echt* *in_echt*
"""

REPORTING = """
*nannte* *nennt* *nennen* *genannt* *bezeichnet* *bezeichnung* *beschimpf* sagt sagte
*schrieb* *schreibt* *zitat* *zitiert* *wort* *woerter* *ausdruck* *begriff* *bezeichnete*
*geht_gar_nicht* *unverschaemt* *respektlos* *daneben* *unterste_schublade* *entgleisung*
*verbal* *beleidigung* *beleidigt* *hetze* *hass* *drohung* *droht* *bedroht*
"""

ADDRESSING = """
du dich dir dein deine deinen deiner ihr euch euer eure sie ihnen ihre so_ein so_eine
was_fuer_ein was_fuer_eine sind bist seid
"""

VULGAR = """
scheiss* *scheisse* *kacke* *mist* *verdammt* *verflucht* *kotz* *bloed* *dumm* *doof*
*bescheuert* *mies* *beschissen* *arsch* *sauer* *wuetend* *lächerlich* *laecherlich*
"""

# Street and house number ("Hauptstraße 12", "Am Ring 3a"), postcode and town, plates.
_STREET = re.compile(
    r"\b[A-ZÄÖÜ][\wäöüß\-]*(?:stra(?:ß|ss)e|str\.|weg|gasse|allee|platz|ring|damm|ufer|"
    r"chaussee|pfad|steig|markt)\s*\d{1,4}\s?[a-zA-Z]?\b"
)
_POSTCODE = re.compile(r"\b\d{5}\s+[A-ZÄÖÜ][a-zäöüß]+")
_PLATE = re.compile(r"\b[A-ZÄÖÜ]{1,3}[\- ][A-Z]{1,2}[\- ]?\d{1,4}[EH]?\b")
_MONEY = re.compile(r"\d[\d.,]*\s?(?:€|euro|eur|\$|dollar|k)\b", re.IGNORECASE)
# Quoted words ("…", „…“, »…«, ‚…‘); apostrophes are not quotes ("geht's", "gibt’s").
_QUOTED = re.compile(r"[\"„“”»«‚‘]([^\"„“”»«‚‘]{1,80})[\"„“”»«‚‘]")
_WORDS = re.compile(r"[a-z]+")
_MASKED = re.compile(r"\b[a-z]+[*#_]+[a-z]+\b")
# Separable and paraphrased threats: "bring ich ihn um", "mach dich kalt", "gehört an die Wand".
_THREAT_PHRASES = re.compile(
    r"\bbring\w*\b[^.!?]{0,30}\bum\b|\bmach\w*\b[^.!?]{0,20}\bkalt\b|"
    r"\b(?:gehoer\w*|stell\w*)\b[^.!?]{0,30}\ban die (?:wand|laterne)\b|"
    r"\b(?:sollte|muesste|muss|soll|gehoer\w*)\b[^.!?]{0,40}\b(?:weg|tot|erledigt|beseitigt)\b"
)


class _Stems:
    """Stems in the `*stem*` notation (`_` joins the words of a phrase)."""

    def __init__(self, spec: str):
        self.part, self.start, self.end, self.whole, self.phrases = [], [], [], set(), []
        for item in spec.split():
            core = " ".join(squeeze(w) for w in item.strip("*").split("_") if w)
            if not core:
                continue
            if " " in core:
                self.phrases.append(f" {core}" if not item.startswith("*") else core)
            elif item.startswith("*") and item.endswith("*"):
                self.part.append(core)
            elif item.endswith("*"):
                self.start.append(core)
            elif item.startswith("*"):
                self.end.append(core)
            else:
                self.whole.add(core)

    def compile(self) -> _Stems:
        def alternation(items, template):
            if not items:
                return None
            return re.compile(template % "|".join(sorted(map(re.escape, items), key=len)[::-1]))

        self._part = alternation(self.part, "(?:%s)")
        self._start = tuple(self.start)
        self._end = tuple(self.end)
        return self

    def masked_matches(self, masked: str) -> bool:
        """Whether a word with letters masked by signs ("tr*ttel", "dr**ksack") fits a stem."""
        pattern = re.compile(re.sub(r"[*#_]+", ".{1,3}", re.escape(masked).replace("\\*", "*")))
        stems = [*self.part, *self.start, *self.end, *self.whole]
        return any(
            pattern.fullmatch(stem) or pattern.search(stem) for stem in stems if len(stem) > 3
        )

    def word_matches(self, word: str) -> bool:
        return (
            word in self.whole
            or (self._part is not None and self._part.search(word) is not None)
            or (bool(self._start) and word.startswith(self._start))
            or (bool(self._end) and word.endswith(self._end))
        )

    def count(self, words: list[str], joined: str) -> int:
        hits = sum(1 for w in words if self.word_matches(w))
        return hits + sum(joined.count(p) for p in self.phrases)


def _stems(spec: str) -> _Stems:
    return _Stems(spec).compile()


_INSULTS = _stems(INSULTS)
_THREATS = _stems(THREATS)
_DEHUMANISING = _stems(DEHUMANISING)
_GROUPS = _stems(GROUPS)
_GENERALISERS = _stems(GENERALISERS)
_SPAM = _stems(SPAM)
_DOXXING = _stems(DOXXING_WORDS)
_REPORTING = _stems(REPORTING)
_ADDRESSING = _stems(ADDRESSING)
_VULGAR = _stems(VULGAR)

FEATURES = (
    "insult",
    "insult_aimed",
    "insult_reported",
    "threat",
    "dehumanising",
    "group_attack",
    "quoted_harm",
    "spam",
    "link",
    "money",
    "contact",
    "address",
    "doxxing",
    "vulgar",
    "reported_speech",
    "shouting",
    "site_blocked",
    "site_watched",
)


def _phrase_words(phrase: str) -> str:
    return " ".join(squeeze(w) for w in _WORDS.findall(normalise(phrase)))


def signals(text: str, blocked=(), watched=()) -> dict[str, float]:
    """The raw counts for one text (blocked/watched: the site's phrases, already folded)."""
    norm = normalise(text)
    words = [squeeze(w) for w in _WORDS.findall(norm)]
    joined = " " + " ".join(words) + " "
    insult_at = [i for i, w in enumerate(words) if _INSULTS.word_matches(w)]
    masked = [w for w in _MASKED.findall(fold(text)) if _INSULTS.masked_matches(squeeze(w))]
    aimed = reported = 0
    quoted = " ".join(_QUOTED.findall(fold(text)))
    for i in insult_at:
        before = words[max(0, i - 4) : i]
        window = words[max(0, i - 8) : i + 4]
        if any(_REPORTING.word_matches(w) for w in window) or (words[i] in quoted and quoted):
            reported += 1
        elif any(_ADDRESSING.word_matches(w) for w in before) or i == 0:
            aimed += 1
    # Threats and dehumanising words inside quotation marks are reported, not made: they count
    # apart ("Wer 'Ausländer raus' ruft, ..."), as reported insults do.
    outside_norm = normalise(_QUOTED.sub(" ", text))
    outside = [squeeze(w) for w in _WORDS.findall(outside_norm)]
    outside_joined = " " + " ".join(outside) + " "
    threat = _THREATS.count(outside, outside_joined) + len(_THREAT_PHRASES.findall(outside_norm))
    dehum = _DEHUMANISING.count(outside, outside_joined)
    all_threat = _THREATS.count(words, joined) + len(_THREAT_PHRASES.findall(norm))
    quoted_harm = max(0, all_threat - threat) + max(0, _DEHUMANISING.count(words, joined) - dehum)
    groups = _GROUPS.count(outside, outside_joined)
    generalising = _GENERALISERS.count(outside, outside_joined)
    group_attack = min(groups, dehum + threat + len(insult_at)) * (1 + (generalising > 0))
    lowered = fold(text)
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return {
        "insult": len(insult_at) + len(masked) + _INSULTS.count([], joined),
        "insult_aimed": aimed,
        "insult_reported": reported,
        "threat": threat,
        "dehumanising": dehum,
        "group_attack": group_attack,
        "quoted_harm": quoted_harm,
        "spam": _SPAM.count(words, joined),
        "link": len(URL_RE.findall(text)),
        "money": len(_MONEY.findall(lowered)),
        "contact": len(EMAIL_RE.findall(text)) + len(PHONE_RE.findall(text)),
        "address": len(_STREET.findall(text))
        + len(_POSTCODE.findall(text))
        + len(_PLATE.findall(text)),
        "doxxing": _DOXXING.count(words, joined),
        "vulgar": _VULGAR.count(words, joined),
        "reported_speech": _REPORTING.count(words, joined),
        "shouting": (upper / len(letters) * 4)
        if len(letters) >= 12 and upper > len(letters) / 2
        else 0.0,
        "site_blocked": sum(joined.count(f" {p} ") for p in blocked),
        "site_watched": sum(joined.count(f" {p} ") for p in watched),
    }


def matched_stems(text: str) -> dict[str, list[str]]:
    """Which words of `text`, as the reader wrote them, the built-in lists matched, by list
    (for explanations: "insult": ["V0llidi0t", "Fresse"])."""
    found: dict[str, list[str]] = {}
    lists = (
        ("insult", _INSULTS),
        ("threat", _THREATS),
        ("dehumanising", _DEHUMANISING),
        ("spam", _SPAM),
        ("doxxing", _DOXXING),
    )
    for raw in dict.fromkeys(text.split()):
        shown = raw.strip(".,;:!?\"'()[]{}«»„“”‚‘’")
        words = [squeeze(w) for w in _WORDS.findall(normalise(shown))]
        for name, stems in lists:
            if any(stems.word_matches(w) for w in words):
                found.setdefault(name, []).append(shown)
    return found


class LexiconFeatures(TransformerMixin, BaseEstimator):
    """The signals as a dense matrix (log-scaled counts), with the site's word lists."""

    def __init__(self, blocked=(), watched=()):
        self.blocked = blocked
        self.watched = watched

    def fit(self, texts, y=None):
        self.blocked_ = tuple(p for p in (_phrase_words(p) for p in self.blocked) if p)
        self.watched_ = tuple(p for p in (_phrase_words(p) for p in self.watched) if p)
        return self

    def transform(self, texts):
        rows = []
        for text in texts:
            counts = signals(text, self.blocked_, self.watched_)
            rows.append([math.log1p(counts[name]) for name in FEATURES])
        return np.asarray(rows, dtype=np.float64)

    def get_feature_names_out(self, input_features=None):
        return np.asarray(list(FEATURES), dtype=object)
