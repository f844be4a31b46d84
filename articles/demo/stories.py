# ruff: noqa: E501  (article bodies are prose; one paragraph per line keeps Markdown readable)
"""Demo articles for `seed_demo`: written for this project, all people and events fictional."""

# Each story: slug, section, genre, authors, tags, kicker, headline, lead, body (Markdown),
# hours (how long ago it was published; negative = scheduled), motif and palette of the
# generated hero image, caption, credit, and how many demo comments it gets (0 = none).
STORIES = [
    {
        "slug": "haushalt-2027-einigung-in-der-nacht",
        "section": "deutschland",
        "genre": "news",
        "authors": ["jonas-petersen"],
        "tags": ["bundestag"],
        "kicker": "Haushalt 2027",
        "headline": "Einigung nach 19 Stunden: Koalition legt Etat für 2027 vor",
        "lead": "Nach einer Verhandlungsnacht im Kanzleramt steht der Entwurf für den "
        "Bundeshaushalt. Gespart wird bei Förderprogrammen, mehr Geld gibt es für Schienen "
        "und Schulen. Die Opposition spricht von Buchungstricks.",
        "body": """Kurz vor sechs Uhr morgens traten die Haushaltspolitiker der Koalition vor die Kameras, sichtlich müde, aber zufrieden. „Wir haben einen Haushalt, der die Schuldenregel einhält und trotzdem investiert“, sagte die haushaltspolitische Sprecherin Renate Kuhlmann.

Der Entwurf sieht Ausgaben von rund 489 Milliarden Euro vor. Das sind gut vier Milliarden weniger als im laufenden Jahr. Gekürzt wird vor allem bei Förderprogrammen, deren Mittel in den vergangenen Jahren nicht abgerufen wurden.

## Mehr Geld für die Schiene

Deutlich mehr Geld soll in die Sanierung von Bahnstrecken fließen: 2,3 Milliarden Euro zusätzlich sind eingeplant. Auch das Programm für Schulsanierungen wird aufgestockt.

> „Das ist kein Sparhaushalt, das ist ein Prioritätenhaushalt.“

Die Opposition kritisiert, dass mehrere Milliarden über Sondervermögen und Darlehen an die Bahn verbucht werden, die nicht unter die Schuldenregel fallen. Der Bundesrechnungshof hatte solche Konstruktionen bereits im Frühjahr bemängelt.

Der Bundestag berät den Entwurf ab Mitte Dezember in erster Lesung. Verabschiedet werden soll er im Februar.""",
        "hours": 2,
        "motif": "city",
        "palette": "dusk",
        "caption": "Das Regierungsviertel am frühen Morgen nach der Verhandlungsnacht.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 40,
    },
    {
        "slug": "taiwan-wahl-kommentar",
        "section": "asien",
        "genre": "commentary",
        "authors": ["katrin-albers"],
        "tags": ["taiwan"],
        "kicker": "Wahl in Taiwan",
        "headline": "Die Demokratie in Taipeh ist stärker, als Peking glauben will",
        "lead": "Trotz Drohgebärden und Desinformation haben die Taiwaner ruhig und zahlreich "
        "gewählt. Europa sollte daraus lernen – und endlich eine eigene Taiwan-Politik "
        "formulieren.",
        "body": """Wer am Wahlabend durch die Straßen von Taipeh lief, sah keine aufgeheizte Nation im Ausnahmezustand. Man sah Familien, die nach dem Wählen Dumplings aßen, und Wahlhelfer, die die Stimmzettel laut vorlasen, einen nach dem anderen, vor den Augen aller, die zuschauen wollten.

Das ist die eigentliche Nachricht dieser Wahl: Eine Gesellschaft, die seit Jahrzehnten unter Druck steht, hat ihre Institutionen nicht verloren. Die Beteiligung lag bei über 70 Prozent.

## Desinformation ohne Wirkung

In den Wochen vor der Wahl kursierten zahllose gefälschte Videos. Zivilgesellschaftliche Faktenchecker haben sie oft innerhalb von Stunden entlarvt. Davon kann man auch in Europa lernen.

Die Europäische Union dagegen hat bis heute keine gemeinsame Haltung. Sie verweist auf die „Ein-China-Politik“, als sei das eine Antwort auf alle Fragen. Das ist es nicht.

Europa muss klären, was es im Ernstfall tun würde. Wer das erst im Ernstfall überlegt, hat schon verloren.""",
        "hours": 5,
        "motif": "waves",
        "palette": "sea",
        "caption": "Wählerinnen und Wähler vor einem Wahllokal in Taipeh.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 25,
    },
    {
        "slug": "inflation-november-gesunken",
        "section": "wirtschaft",
        "genre": "news",
        "authors": ["miriam-okafor"],
        "tags": ["inflation"],
        "kicker": "Verbraucherpreise",
        "headline": "Inflation sinkt auf 1,9 Prozent – Lebensmittel bleiben teuer",
        "lead": "Zum ersten Mal seit drei Jahren liegt die Teuerung unter der Zielmarke der "
        "Europäischen Zentralbank. Im Supermarkt merken viele davon wenig.",
        "body": """Die Verbraucherpreise in Deutschland sind im November um 1,9 Prozent gegenüber dem Vorjahresmonat gestiegen. Das teilte das Statistische Bundesamt am Mittwoch nach einer ersten Schätzung mit. Im Oktober hatte die Rate noch bei 2,3 Prozent gelegen.

Gedämpft wurde die Teuerung vor allem von den Energiepreisen, die um 3,1 Prozent unter dem Vorjahresniveau lagen. Heizöl und Kraftstoffe wurden deutlich billiger.

## Butter, Kaffee, Schokolade

Nahrungsmittel dagegen verteuerten sich um 3,4 Prozent. Besonders stark stiegen die Preise für Kaffee, Schokolade und Butter – Produkte, deren Rohstoffe weltweit knapp sind.

„Die Menschen erleben die Inflation an der Kasse, nicht im Durchschnitt“, sagt die Ökonomin Sabine Lorenz vom Institut für Wirtschaftsforschung. Haushalte mit geringem Einkommen geben einen größeren Teil ihres Geldes für Lebensmittel aus und spüren die Preise daher stärker.

Für die Europäische Zentralbank dürfte die Zahl ein weiteres Argument sein, die Zinsen im Dezember erneut zu senken.""",
        "hours": 8,
        "motif": "bars",
        "palette": "forest",
        "caption": "Ein Wochenmarkt in Frankfurt am Main.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 12,
    },
    {
        "slug": "bundesliga-aufsteiger-gewinnt-derby",
        "section": "sport",
        "genre": "report",
        "authors": ["henrik-brandt"],
        "tags": ["fussball"],
        "kicker": "Bundesliga",
        "headline": "Der Aufsteiger, der keine Angst kennt",
        "lead": "Mit einem 3:1 im Derby setzt sich der Neuling an die Tabellenspitze. Ein "
        "Besuch bei einem Verein, der vor fünf Jahren noch in der Regionalliga spielte.",
        "body": """Als der Schlusspfiff ertönte, blieb Trainer Mats Oberholz einfach stehen, die Hände in den Taschen seiner viel zu dünnen Jacke. Um ihn herum lagen sich Spieler, Betreuer und der Zeugwart in den Armen.

3:1 gegen den großen Nachbarn, vor 48.000 Zuschauern. Es ist der vierte Sieg in Folge für den Aufsteiger, der mit dem kleinsten Etat der Liga angetreten ist.

## Ein Plan statt Stars

Das Geheimnis? „Wir haben keinen“, sagt Oberholz und lacht. Dann erklärt er doch: Jeder Spieler im Kader kenne seine Aufgaben in vier verschiedenen Spielsystemen. Das Training sei kurz, aber intensiv.

Die Fans singen schon von der Champions League. Im Verein redet man lieber vom Klassenerhalt. Noch.""",
        "hours": 11,
        "motif": "pitch",
        "palette": "grass",
        "caption": "Flutlicht über dem Stadion nach dem Derby.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 30,
    },
    {
        "slug": "roman-debuet-die-unsichtbare-stadt",
        "section": "kultur",
        "genre": "review",
        "authors": ["leonie-hartmann"],
        "tags": ["literatur"],
        "kicker": "Debütroman",
        "headline": "Eine Stadt, die nur nachts existiert",
        "lead": "Hanna Lindqvists erster Roman „Die unsichtbare Stadt“ erzählt von "
        "Nachtschichtarbeiterinnen in Hamburg. Es ist das stillste und zugleich "
        "eindringlichste Buch dieses Herbstes.",
        "body": """Es gibt Bücher, die laut sind, und es gibt Bücher, die leise bleiben, bis man sie zuklappt und merkt, dass man seit Stunden nicht mehr aufgesehen hat. „Die unsichtbare Stadt“ gehört zur zweiten Sorte.

Lindqvist erzählt von Marta, die nachts Büros putzt, von Jelena, die im Krankenhaus Wäsche sortiert, und von Ole, der als Busfahrer die Nachtlinie 600 fährt. Ihre Wege kreuzen sich kaum. Und doch ist das Buch ein Gesellschaftsroman.

## Sätze wie Neonlicht

Die Sprache ist knapp, fast kühl. Dann wieder blitzt ein Satz auf, der einem lange nachgeht: „Die Stadt gehört denen, die sie aufräumen, bevor die anderen aufwachen.“

Man kann dem Roman vorwerfen, dass er gegen Ende zu sehr auf Versöhnung setzt. Aber das ist ein kleiner Einwand gegen ein großes Debüt.

*Hanna Lindqvist: Die unsichtbare Stadt. Roman. Verlag Hafenlicht, 284 Seiten, 24 Euro.*""",
        "hours": 14,
        "motif": "night",
        "palette": "night",
        "caption": "Nachtbus an einer Haltestelle in Hamburg-Altona.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 6,
    },
    {
        "slug": "mondmission-esa-landet",
        "section": "wissen",
        "genre": "news",
        "authors": ["felix-wagner"],
        "tags": ["raumfahrt"],
        "kicker": "Raumfahrt",
        "headline": "Europäische Sonde setzt sanft auf dem Mond auf",
        "lead": "Nach zwölf Tagen Flug ist das Landemodul „Argonaut-1“ am Südpol des Mondes "
        "gelandet. Es soll nach Wassereis suchen – und beweisen, dass Europa das allein kann.",
        "body": """Um 21.42 Uhr mitteleuropäischer Zeit kam das Signal: Bodenkontakt. Im Kontrollraum in Darmstadt brach Jubel aus. Die europäische Weltraumorganisation hat zum ersten Mal ein eigenes Modul auf dem Mond gelandet.

„Argonaut-1“ ist kaum größer als ein Kleinwagen. An Bord sind ein Bohrer, ein Massenspektrometer und eine Kamera, die in den kommenden vierzehn Tagen Bilder vom Rand eines Kraters liefern soll.

## Die Suche nach Eis

In den ewig dunklen Kratern am Südpol vermuten Forschende gefrorenes Wasser. Es könnte künftigen Missionen als Trinkwasser, Sauerstoff- und Treibstoffquelle dienen.

Die Mission kostete rund 480 Millionen Euro. Kritiker hatten bemängelt, das Geld sei in der Klimaforschung besser angelegt. Die ESA verweist darauf, dass viele der Instrumente auch für die Erdbeobachtung entwickelt wurden.""",
        "hours": 18,
        "motif": "space",
        "palette": "space",
        "caption": "Künstlerische Darstellung der Landung am Südpol des Mondes.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 8,
    },
    {
        "slug": "eu-lieferkettengesetz-kompromiss",
        "section": "europa",
        "genre": "analysis",
        "authors": ["aylin-demir"],
        "tags": ["europaeische-union", "arbeit"],
        "kicker": "Lieferketten",
        "headline": "Was vom europäischen Lieferkettengesetz übrig bleibt",
        "lead": "Der Kompromiss aus Brüssel entlastet Unternehmen, aber nicht alle. Eine "
        "Analyse der Änderungen – und was sie für Näherinnen in Bangladesch bedeuten.",
        "body": """Drei Jahre wurde verhandelt, zweimal stand das Gesetz vor dem Scheitern. Nun haben sich Parlament und Mitgliedstaaten auf eine abgespeckte Fassung der Lieferkettenrichtlinie geeinigt.

## Weniger Unternehmen betroffen

Gelten soll sie nur noch für Unternehmen mit mehr als 3.000 Beschäftigten und einem Jahresumsatz über 900 Millionen Euro. Ursprünglich waren 500 Beschäftigte vorgesehen. Damit fallen rund zwei Drittel der Firmen heraus.

## Haftung bleibt

Geblieben ist dagegen die zivilrechtliche Haftung: Wer Menschenrechtsverletzungen bei Zulieferern hätte erkennen und verhindern können, kann verklagt werden. Menschenrechtsorganisationen sehen darin den eigentlichen Kern des Gesetzes.

## Die Wirkung vor Ort

Ob das Gesetz in den Fabriken ankommt, hängt von der Kontrolle ab. „Ein Gesetz ist so gut wie die Behörde, die es durchsetzt“, sagt die Gewerkschafterin Nasrin Akter aus Dhaka. Sie hofft, dass große Marken ihre Zulieferer jetzt genauer prüfen – schon aus Angst vor Klagen.""",
        "hours": 22,
        "motif": "grid",
        "palette": "europe",
        "caption": "Flaggen vor dem Ratsgebäude in Brüssel.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 15,
    },
    {
        "slug": "mietendeckel-interview-stadtforscherin",
        "section": "gesellschaft",
        "genre": "interview",
        "authors": ["thomas-reuter"],
        "tags": ["wohnen"],
        "kicker": "Wohnungsmarkt",
        "headline": "„Wir bauen am Bedarf vorbei“",
        "lead": "Die Stadtforscherin Ulrike Behrens über leere Büros, zu große Wohnungen und "
        "warum der Neubau allein die Mietenkrise nicht lösen wird.",
        "body": """**Frau Behrens, in Deutschland fehlen Hunderttausende Wohnungen. Trotzdem sagen Sie, wir hätten genug Platz. Wie passt das zusammen?**

Wir haben genug Wohnfläche, aber sie ist falsch verteilt. Die Wohnfläche pro Kopf ist seit 1990 um fast ein Drittel gestiegen. Viele ältere Menschen leben allein in Häusern, die für Familien gebaut wurden – oft, weil es keine passende kleinere Wohnung in der Nähe gibt.

**Was schlagen Sie vor?**

Wohnungstausch erleichtern, Umbauten fördern und leere Büroflächen umwandeln. In den Innenstädten stehen Millionen Quadratmeter leer. Daraus Wohnungen zu machen, ist günstiger und klimafreundlicher als Neubau auf der grünen Wiese.

**Die Bauwirtschaft sagt, ohne Neubau gehe es nicht.**

Natürlich brauchen wir Neubau, vor allem bezahlbaren. Aber wir bauen am Bedarf vorbei: zu viele teure Eigentumswohnungen, zu wenige Sozialwohnungen.

**Was würde sich ändern, wenn Sie Bauministerin wären?**

Ich würde den Umbau genauso fördern wie den Neubau. Im Moment ist es umgekehrt.""",
        "hours": 26,
        "motif": "city",
        "palette": "brick",
        "caption": "Wohnhäuser in einem Berliner Altbauviertel.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 35,
    },
    {
        "slug": "ki-im-klassenzimmer",
        "section": "wissen",
        "genre": "report",
        "authors": ["felix-wagner", "thomas-reuter"],
        "tags": ["kuenstliche-intelligenz"],
        "kicker": "Künstliche Intelligenz",
        "headline": "Schreiben lernen, wenn die Maschine mitschreibt",
        "lead": "An einer Gesamtschule in Bochum dürfen Schülerinnen und Schüler Sprachmodelle "
        "im Unterricht nutzen. Ein Besuch in einem Experiment, das viele Lehrkräfte nervös "
        "macht.",
        "body": """Die Aufgabe an der Tafel ist schlicht: „Schreibt eine Erörterung zur Frage, ob Handys an Schulen verboten werden sollen.“ Neu ist, was danach kommt: „Lasst euch von der KI einen Entwurf geben. Dann findet drei Fehler darin.“

Deutschlehrerin Katja Sommer hat das Konzept mit zwei Kollegen entwickelt. Die Schülerinnen und Schüler sollen lernen, Texte kritisch zu prüfen, statt sie nur zu produzieren.

## Fehler finden als Lernziel

„Anfangs haben alle gedacht, die KI macht keine Fehler“, sagt Emir, 16. Inzwischen sucht er gezielt nach Behauptungen ohne Beleg. „Die klingt immer so sicher. Das ist das Gefährliche.“

Eine Begleitstudie der Ruhr-Universität soll bis zum Sommer zeigen, ob die Klasse dadurch besser schreibt – oder nur besser korrigiert.""",
        "hours": 30,
        "motif": "circles",
        "palette": "tech",
        "caption": "Ein Klassenzimmer mit Tablets und Tafel.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 20,
    },
    {
        "slug": "japan-reisbauern-alternde-doerfer",
        "section": "asien",
        "genre": "report",
        "authors": ["katrin-albers"],
        "tags": ["japan"],
        "kicker": "Japan",
        "headline": "Die letzten Reisbauern von Kamiyama",
        "lead": "Das Durchschnittsalter der Bauern in Japan liegt bei 69 Jahren. In einem Dorf "
        "auf Shikoku versuchen junge Zugezogene, die Felder zu retten.",
        "body": """Um fünf Uhr morgens steht Haruto Mori schon knietief im Wasser. Der 34-Jährige hat vor drei Jahren seinen Job in einer Tokioter Werbeagentur gekündigt. Heute bewirtschaftet er die Terrassenfelder eines Nachbarn, der mit 88 Jahren nicht mehr kann.

Kamiyama hat noch 4.800 Einwohner, halb so viele wie 1970. Die Schule wäre fast geschlossen worden. Dann kamen die Zugezogenen: Programmierer, Köchinnen, ein Schreiner aus Osaka.

## Schnelles Internet, langsames Leben

Der Ort hat früh auf Glasfaser gesetzt. Viele der Neuen arbeiten halbtags am Laptop und halbtags auf dem Feld. „Ohne das Internet könnte ich hier nicht leben“, sagt Mori. „Ohne die Felder wollte ich es nicht.“

Ob das Modell Schule macht, ist offen. Japan verliert jedes Jahr mehr als eine halbe Million Einwohner.""",
        "hours": 34,
        "motif": "mountains",
        "palette": "rice",
        "caption": "Terrassenfelder bei Kamiyama auf der Insel Shikoku.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 10,
    },
    {
        "slug": "windkraft-ausbau-rekord",
        "section": "wirtschaft",
        "genre": "news",
        "authors": ["miriam-okafor"],
        "tags": ["energiewende", "klimapolitik"],
        "kicker": "Energiewende",
        "headline": "So viele neue Windräder wie seit zehn Jahren nicht",
        "lead": "Die Genehmigungen für Windenergie an Land haben sich verdoppelt. Doch Netze "
        "und Fachkräfte halten nicht Schritt.",
        "body": """In den ersten drei Quartalen dieses Jahres sind in Deutschland Windräder mit einer Leistung von 4,1 Gigawatt ans Netz gegangen. Das ist der höchste Wert seit 2017, wie der Branchenverband mitteilte.

Noch stärker gestiegen sind die Genehmigungen: Sie summieren sich auf fast 11 Gigawatt. Schnellere Verfahren und die Pflicht der Länder, zwei Prozent ihrer Fläche für Windkraft auszuweisen, zeigen Wirkung.

## Engpass Stromnetz

Das Problem liegt woanders: Viele Anlagen im Norden müssen bei starkem Wind abgeregelt werden, weil die Leitungen in den Süden fehlen. Die Kosten dafür trugen im vergangenen Jahr die Stromkunden – über drei Milliarden Euro.

Auch Monteure sind knapp. Einige Hersteller werben inzwischen Fachkräfte aus Spanien und Portugal an.""",
        "hours": 40,
        "motif": "wind",
        "palette": "sky",
        "caption": "Windräder in Schleswig-Holstein.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 18,
    },
    {
        "slug": "kommentar-tempolimit",
        "section": "deutschland",
        "genre": "commentary",
        "authors": ["thomas-reuter"],
        "tags": ["verkehrswende", "klimapolitik"],
        "kicker": "Verkehr",
        "headline": "Das Tempolimit ist die billigste Klimapolitik, die wir nicht machen",
        "lead": "Es kostet nichts, rettet Leben und spart CO₂. Dass es trotzdem nicht kommt, "
        "sagt viel über die deutsche Debattenkultur.",
        "body": """Man muss sich das einmal vorstellen: Eine Maßnahme, die den Staat fast nichts kostet, die jedes Jahr Millionen Tonnen CO₂ einspart, die Zahl der Verkehrstoten senkt und den Verkehr flüssiger macht. Jede Regierung der Welt würde zugreifen. Nur die deutsche nicht.

Das Tempolimit ist hierzulande keine Sachfrage mehr, sondern eine Identitätsfrage. Wer dafür ist, gilt als Bevormunder, wer dagegen ist, als Freiheitskämpfer. Dazwischen ist wenig Platz.

Dabei zeigt der Blick ins europäische Ausland, dass es auch anders geht. Niemand in den Niederlanden oder in Frankreich fühlt sich unfrei, weil er nicht 200 fahren darf.

Es wäre an der Zeit, die Debatte abzurüsten. Tempo 130 ist kein Kulturkampf. Es ist ein Verkehrsschild.""",
        "hours": 46,
        "motif": "road",
        "palette": "asphalt",
        "caption": "Eine Autobahn bei Nacht.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 38,
    },
    {
        "slug": "theater-premiere-woyzeck",
        "section": "kultur",
        "genre": "review",
        "authors": ["leonie-hartmann"],
        "tags": [],
        "kicker": "Theater",
        "headline": "Woyzeck im Großraumbüro",
        "lead": "Am Schauspiel Leipzig verlegt die Regisseurin Ines Wald Büchners Fragment in "
        "die Gegenwart der Plattformarbeit. Das funktioniert erstaunlich gut – bis zur Pause.",
        "body": """Die Bühne ist ein Lager, grell ausgeleuchtet, Regale bis unter die Decke. Woyzeck trägt einen Handscanner und eine Warnweste. Der Hauptmann spricht zu ihm aus einem Bildschirm, als Algorithmus, der seine Pausen misst.

Die Idee ist nicht neu, aber Ines Wald setzt sie mit großer Konsequenz um. Büchners Text bleibt fast unangetastet, und doch klingt jeder Satz, als sei er gestern geschrieben worden.

Nach der Pause verliert der Abend an Spannung. Die Videoprojektionen werden beliebig, die Musik zu laut. Dass man trotzdem bis zum Ende gebannt bleibt, liegt an Jonas Kerber als Woyzeck: ein Mann, der zerbricht, ohne je laut zu werden.

Langer Applaus, einige Buhrufe für die Regie. Das Stück läuft bis Ende Januar.""",
        "hours": 52,
        "motif": "stage",
        "palette": "theatre",
        "caption": "Szene aus „Woyzeck“ am Schauspiel Leipzig.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 4,
    },
    {
        "slug": "suedkorea-geburtenrate",
        "section": "asien",
        "genre": "analysis",
        "authors": ["katrin-albers"],
        "tags": ["suedkorea"],
        "kicker": "Südkorea",
        "headline": "Warum in Südkorea kaum noch Kinder geboren werden",
        "lead": "Mit 0,7 Kindern pro Frau hat Südkorea die niedrigste Geburtenrate der Welt. "
        "Geld allein hat daran nichts geändert. Eine Spurensuche.",
        "body": """Die Regierung in Seoul hat in den vergangenen zwanzig Jahren umgerechnet mehr als 200 Milliarden Euro ausgegeben, um die Geburtenrate zu steigern. Sie ist trotzdem weiter gefallen.

## Arbeit, Wohnen, Wettbewerb

Junge Koreanerinnen und Koreaner nennen in Umfragen immer dieselben Gründe: lange Arbeitszeiten, hohe Wohnkosten und ein Bildungssystem, das schon Grundschulkinder in Nachhilfeinstitute bis spät in die Nacht schickt.

Hinzu kommt die ungleiche Verteilung der Familienarbeit. Frauen, die ein Kind bekommen, verlieren häufig ihre Karriere. Viele entscheiden sich deshalb gegen Kinder, manche auch gegen die Ehe.

## Was Europa lernen kann

Der Fall zeigt, dass Prämien und Kindergeld wenig bewirken, wenn die Lebensbedingungen nicht stimmen. Familienpolitik ist Arbeitsmarkt-, Wohnungs- und Gleichstellungspolitik.""",
        "hours": 58,
        "motif": "city",
        "palette": "neon",
        "caption": "Abendverkehr im Zentrum von Seoul.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 14,
    },
    {
        "slug": "handball-em-halbfinale",
        "section": "sport",
        "genre": "news",
        "authors": ["henrik-brandt"],
        "tags": [],
        "kicker": "Handball",
        "headline": "Deutsche Handballerinnen stehen im EM-Halbfinale",
        "lead": "Mit einem 29:27 gegen Norwegen erreicht die Nationalmannschaft zum ersten Mal "
        "seit 2008 die Runde der letzten vier.",
        "body": """Es war ein Spiel, das bis zur letzten Sekunde offen blieb. Drei Minuten vor Schluss lag Deutschland noch mit einem Tor zurück. Dann parierte Torhüterin Lea Fischer zwei Würfe in Folge, und Kreisläuferin Nora Kühn traf zweimal per Tempogegenstoß.

„Ich habe nach dem Abpfiff nichts mehr gehört, so laut war es“, sagte Bundestrainer Peter Lind. Rund 11.000 Zuschauer feierten in der Halle.

Im Halbfinale am Freitag trifft das Team auf Frankreich, den Titelverteidiger.""",
        "hours": 64,
        "motif": "pitch",
        "palette": "court",
        "caption": "Jubel nach dem Abpfiff in der Halle.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 0,
    },
    {
        "slug": "grippewelle-impfung",
        "section": "wissen",
        "genre": "news",
        "authors": ["felix-wagner"],
        "tags": ["gesundheit"],
        "kicker": "Gesundheit",
        "headline": "Grippewelle beginnt früher als üblich",
        "lead": "Die Zahl der Influenza-Fälle steigt seit zwei Wochen deutlich. Fachleute raten "
        "Risikogruppen, sich jetzt noch impfen zu lassen.",
        "body": """Nach Daten des Robert Koch-Instituts hat die Grippesaison in Deutschland begonnen, etwa drei Wochen früher als im Durchschnitt der vergangenen Jahre. Besonders betroffen sind derzeit Kinder im Schulalter.

Für eine Impfung sei es nicht zu spät, sagt der Infektiologe Martin Haas. Der Schutz baut sich innerhalb von etwa zwei Wochen auf. Empfohlen ist die Impfung für Menschen ab 60, Schwangere, chronisch Kranke und Beschäftigte im Gesundheitswesen.

Wer krank ist, sollte zu Hause bleiben. „Das ist keine Schwäche, sondern Rücksicht“, sagt Haas.""",
        "hours": 70,
        "motif": "circles",
        "palette": "clinic",
        "caption": "Impfstoff in einer Hausarztpraxis.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 9,
    },
    {
        "slug": "vier-tage-woche-pilotprojekt",
        "section": "wirtschaft",
        "genre": "analysis",
        "authors": ["miriam-okafor"],
        "tags": ["arbeit"],
        "kicker": "Arbeitswelt",
        "headline": "Vier Tage arbeiten, fünf Tage bezahlt: Was das Pilotprojekt zeigt",
        "lead": "Ein halbes Jahr lang haben 45 deutsche Firmen die Vier-Tage-Woche getestet. "
        "Die meisten wollen dabei bleiben. Aber die Ergebnisse sind weniger eindeutig, als es "
        "scheint.",
        "body": """Die Schlagzeile war schnell geschrieben: 73 Prozent der teilnehmenden Unternehmen wollen die Vier-Tage-Woche beibehalten. Die Beschäftigten berichten von weniger Stress und besserem Schlaf.

## Wer mitgemacht hat

Doch ein genauer Blick lohnt sich. Die Firmen haben sich freiwillig gemeldet, viele davon aus der Digital- und Beratungsbranche. Betriebe mit Schichtdienst, etwa in der Pflege oder der Industrie, waren kaum dabei.

## Produktivität schwer messbar

Ob die Produktivität gleich geblieben ist, lässt sich in vielen Fällen nur schätzen. Die Unternehmen haben ihre Umsätze gemeldet, aber nicht, wie viele Stunden tatsächlich gearbeitet wurden.

Ein Erfolg ist das Experiment trotzdem: Es zeigt, dass Arbeitszeit verhandelbar ist. Für wen die Vier-Tage-Woche funktioniert, muss jede Branche selbst herausfinden.""",
        "hours": 76,
        "motif": "bars",
        "palette": "office",
        "caption": "Ein leeres Büro an einem Freitagvormittag.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 22,
    },
    {
        "slug": "bundestag-debatte-wahlalter",
        "section": "deutschland",
        "genre": "news",
        "authors": ["jonas-petersen"],
        "tags": ["bundestag"],
        "kicker": "Wahlrecht",
        "headline": "Wählen ab 16: Bundestag debattiert über Grundgesetzänderung",
        "lead": "Die Koalition will das aktive Wahlalter bei Bundestagswahlen senken. Für die "
        "nötige Zweidrittelmehrheit fehlen ihr aber Stimmen.",
        "body": """In einer zum Teil hitzigen Debatte hat der Bundestag am Donnerstag erstmals über die Senkung des Wahlalters beraten. Nach dem Entwurf sollen Jugendliche ab 16 Jahren bei Bundestagswahlen wählen dürfen.

Befürworter verweisen auf die Erfahrungen bei Europa- und Kommunalwahlen. „Junge Menschen sind von politischen Entscheidungen am längsten betroffen“, sagte die Abgeordnete Lisa Hoffmann.

Die Gegner halten dagegen, Volljährigkeit und Wahlrecht gehörten zusammen. Für eine Grundgesetzänderung braucht es zwei Drittel der Stimmen im Bundestag und im Bundesrat. Die Koalition ist dafür auf die Opposition angewiesen.""",
        "hours": 82,
        "motif": "grid",
        "palette": "dusk",
        "caption": "Der Plenarsaal des Bundestags während der Debatte.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 27,
    },
    {
        "slug": "eu-migrationspakt-umsetzung",
        "section": "europa",
        "genre": "report",
        "authors": ["aylin-demir"],
        "tags": ["europaeische-union"],
        "kicker": "Migration",
        "headline": "Am Rand Europas wartet man auf den Pakt",
        "lead": "Im Sommer soll das neue europäische Asylsystem starten. Auf Lampedusa zweifeln "
        "Helferinnen und Behörden, dass es rechtzeitig fertig wird.",
        "body": """Im Hafen von Lampedusa liegt ein Schiff der Küstenwache, daneben die Reste der Boote, die in den vergangenen Monaten angekommen sind. Auf der Insel leben 6.000 Menschen. In manchen Nächten kommen mehr als tausend hinzu.

Nach dem neuen Migrationspakt sollen Asylverfahren für Menschen aus Ländern mit geringer Anerkennungsquote künftig direkt an der Grenze stattfinden, innerhalb von zwölf Wochen.

## Zu wenig Personal

„Das klingt auf dem Papier gut“, sagt Giulia Ferraro, die für eine Hilfsorganisation arbeitet. „Aber hier fehlt es an Dolmetschern, an Anwälten, an Unterkünften.“

Die EU-Kommission verweist auf Milliardenhilfen für die Mitgliedstaaten an den Außengrenzen. Ob das Geld rechtzeitig ankommt, ist offen.""",
        "hours": 90,
        "motif": "waves",
        "palette": "sea",
        "caption": "Der Hafen von Lampedusa am Abend.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 33,
    },
    {
        "slug": "klimaanpassung-staedte-hitze",
        "section": "wissen",
        "genre": "analysis",
        "authors": ["felix-wagner"],
        "tags": ["klimapolitik"],
        "kicker": "Klimawandel",
        "headline": "Wie Städte sich gegen die Hitze wappnen",
        "lead": "Hitzewellen werden häufiger und länger. Manche Städte pflanzen Bäume und öffnen "
        "kühle Räume – andere haben noch nicht einmal einen Plan.",
        "body": """Im vergangenen Sommer starben in Deutschland nach Schätzungen rund 3.000 Menschen an den Folgen von Hitze. Besonders gefährdet sind alte Menschen, die allein leben.

## Schattenplätze und Trinkbrunnen

Einige Städte haben reagiert: Köln hat ein Netz von „kühlen Orten“ eingerichtet, Bibliotheken und Kirchen, die bei Hitze länger öffnen. Mannheim pflanzt jedes Jahr 2.000 Bäume und entsiegelt Schulhöfe.

## Pläne ohne Geld

Viele kleinere Kommunen haben dagegen keinen Hitzeaktionsplan. Oft fehlt es an Personal, manchmal am Willen. Der Deutsche Städtetag fordert eine feste Finanzierung durch Bund und Länder.

Fachleute sind sich einig: Anpassung ist kein Ersatz für Klimaschutz. Aber ohne sie wird es teurer – und tödlicher.""",
        "hours": 98,
        "motif": "sun",
        "palette": "heat",
        "caption": "Ein Trinkbrunnen in der Innenstadt an einem heißen Tag.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 16,
    },
    {
        "slug": "bahn-puenktlichkeit-interview",
        "section": "gesellschaft",
        "genre": "interview",
        "authors": ["thomas-reuter"],
        "tags": ["verkehrswende"],
        "kicker": "Bahn",
        "headline": "„Pünktlichkeit ist eine Frage der Gleise, nicht der Fahrpläne“",
        "lead": "Der Verkehrswissenschaftler Bernd Klasing erklärt, warum die Bahn so oft zu "
        "spät ist und wann es besser wird.",
        "body": """**Herr Klasing, nur gut 60 Prozent der Fernzüge kommen pünktlich an. Warum?**

Weil das Netz zu voll und zu alt ist. Wir haben in den vergangenen Jahrzehnten Strecken stillgelegt und Weichen abgebaut. Jetzt fahren mehr Züge auf weniger Gleisen. Jede Störung wirkt sich sofort auf viele Züge aus.

**Die Bahn saniert jetzt ganze Strecken auf einmal. Hilft das?**

Kurzfristig macht es alles schlimmer, weil Umleitungen nötig sind. Langfristig ist es richtig. Eine Generalsanierung hält zwanzig Jahre, ein Flickenteppich nicht.

**Wann wird es spürbar besser?**

Ehrlich gesagt: nicht vor Anfang der 2030er-Jahre. Das ist unbequem, aber wer etwas anderes verspricht, sagt nicht die Wahrheit.""",
        "hours": 106,
        "motif": "rails",
        "palette": "asphalt",
        "caption": "Ein ICE wartet vor einem Signal.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 24,
    },
    {
        "slug": "buchmesse-unabhaengige-verlage",
        "section": "kultur",
        "genre": "report",
        "authors": ["leonie-hartmann"],
        "tags": ["literatur"],
        "kicker": "Buchmarkt",
        "headline": "Die Kleinen machen den Großen etwas vor",
        "lead": "Unabhängige Verlage gewinnen Preise, aber kaum Geld. Ein Rundgang über die "
        "Buchmesse zwischen Rekordumsätzen und Existenzangst.",
        "body": """Am Stand des Verlags Hafenlicht stehen die Menschen Schlange. Das Debüt von Hanna Lindqvist ist für den Deutschen Buchpreis nominiert, die dritte Auflage ist gedruckt. Verlegerin Petra Anders wirkt trotzdem nicht entspannt.

„Ein Bestseller hilft uns durch das Jahr“, sagt sie. „Aber Papier ist teurer geworden, Druckereien schließen, und die Buchhandlungen bestellen vorsichtiger.“

## Preise statt Profite

Unabhängige Verlage stellen seit Jahren einen großen Teil der nominierten Titel bei den wichtigen Literaturpreisen. Wirtschaftlich bleiben viele am Rand. Eine Verlagsförderung des Bundes gibt es seit 2023, doch sie reicht nur für wenige.

Die Branche insgesamt meldet leicht steigende Umsätze. Sie verdankt sie vor allem Fantasy-Romanen für junge Erwachsene.""",
        "hours": 118,
        "motif": "books",
        "palette": "paper",
        "caption": "Besucherinnen und Besucher an einem Verlagsstand.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 5,
    },
    {
        "slug": "mindestlohn-erhoehung",
        "section": "wirtschaft",
        "genre": "news",
        "authors": ["miriam-okafor", "jonas-petersen"],
        "tags": ["arbeit", "inflation"],
        "kicker": "Mindestlohn",
        "headline": "Mindestlohn steigt in zwei Stufen auf 14,60 Euro",
        "lead": "Die Mindestlohnkommission hat sich auf eine Erhöhung geeinigt. Gewerkschaften "
        "hatten mehr gefordert, Arbeitgeber warnen vor Jobverlusten.",
        "body": """Der gesetzliche Mindestlohn steigt zum 1. Januar auf 13,90 Euro und ein Jahr später auf 14,60 Euro pro Stunde. Das hat die Mindestlohnkommission am Dienstag in Berlin beschlossen.

Rund sechs Millionen Beschäftigte profitieren nach Schätzungen des Arbeitsministeriums von der Erhöhung, besonders in der Gastronomie, im Einzelhandel und in der Landwirtschaft.

Die Gewerkschaften hatten 15 Euro schon im kommenden Jahr gefordert. Der Arbeitgeberverband nannte die Erhöhung „an der Grenze des Verkraftbaren“ für kleine Betriebe in Ostdeutschland.""",
        "hours": 130,
        "motif": "bars",
        "palette": "forest",
        "caption": "Eine Bäckerei am frühen Morgen.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 19,
    },
    {
        "slug": "frauenfussball-gehaelter",
        "section": "sport",
        "genre": "commentary",
        "authors": ["henrik-brandt"],
        "tags": ["fussball"],
        "kicker": "Frauenfußball",
        "headline": "Volle Stadien, leere Konten",
        "lead": "Die Bundesliga der Frauen feiert Zuschauerrekorde. Viele Spielerinnen müssen "
        "trotzdem nebenbei arbeiten. Die Vereine sollten sich schämen.",
        "body": """38.000 Zuschauer beim Spitzenspiel, Live-Übertragung zur besten Sendezeit, Trikots, die ausverkauft sind: Der Frauenfußball in Deutschland ist im Mainstream angekommen.

Auf den Konten der Spielerinnen kommt davon wenig an. Das Mediangehalt in der Liga liegt bei rund 3.000 Euro brutto im Monat. Viele Spielerinnen studieren oder arbeiten nebenbei, manche in Vollzeit.

Die großen Vereine, die ihre Frauenteams gern für Imagekampagnen nutzen, könnten das ändern. Ein Bruchteil der Ablösesummen bei den Männern würde reichen.

Es geht nicht um Gleichmacherei. Es geht darum, dass eine Profiliga Profis bezahlt.""",
        "hours": 142,
        "motif": "pitch",
        "palette": "grass",
        "caption": "Flutlichtspiel in der Frauen-Bundesliga.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 28,
    },
    {
        "slug": "ki-verordnung-bruessel",
        "section": "europa",
        "genre": "analysis",
        "authors": ["aylin-demir", "felix-wagner"],
        "tags": ["kuenstliche-intelligenz", "europaeische-union"],
        "kicker": "Digitalpolitik",
        "headline": "Europas KI-Regeln: strenger als die Welt, lockerer als befürchtet",
        "lead": "Die ersten Pflichten der europäischen KI-Verordnung gelten. Was sie für "
        "Unternehmen, Behörden und Nutzer ändern – ein Überblick.",
        "body": """Seit diesem Jahr sind in der EU bestimmte Anwendungen künstlicher Intelligenz verboten, etwa Systeme, die Menschen nach ihrem Sozialverhalten bewerten. Für Hochrisiko-Anwendungen in Medizin, Justiz oder Personalwesen gelten strenge Prüfpflichten.

## Was Nutzer merken

Chatbots müssen kennzeichnen, dass sie Maschinen sind. KI-generierte Bilder und Videos sollen erkennbar sein. Wie das technisch durchgesetzt wird, ist allerdings noch offen.

## Kritik von beiden Seiten

Start-ups klagen über Bürokratie, Bürgerrechtsorganisationen über Ausnahmen für Polizei und Grenzschutz. Die Kommission verweist darauf, dass das Gesetz in zwei Jahren überprüft wird.""",
        "hours": 160,
        "motif": "circles",
        "palette": "tech",
        "caption": "Serverraum eines Rechenzentrums.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 11,
    },
    {
        "slug": "landarzt-mangel-reportage",
        "section": "gesellschaft",
        "genre": "report",
        "authors": ["thomas-reuter"],
        "tags": ["gesundheit"],
        "kicker": "Gesundheitsversorgung",
        "headline": "Die letzte Praxis im Tal",
        "lead": "Im Hunsrück kümmert sich eine Ärztin um 4.000 Patientinnen und Patienten. "
        "Eine Nachfolgerin sucht sie seit sechs Jahren.",
        "body": """Um halb acht stehen die ersten schon vor der Tür. Dr. Sabine Wolf, 67, schließt auf, schaltet die Kaffeemaschine ein und schaut auf den Terminplan: 63 Namen, dazu drei Hausbesuche.

Seit 1991 führt sie die Praxis in dem Dorf im Hunsrück. Ihre Patienten kennt sie seit Jahrzehnten, manche seit ihrer Geburt. In den Ruhestand will sie eigentlich seit fünf Jahren.

## Niemand will aufs Land

Inserate, Prämien der Gemeinde, ein kostenloses Haus: Nichts hat geholfen. Junge Ärztinnen und Ärzte wollen lieber angestellt arbeiten, in Teilzeit, in der Stadt.

Der Landkreis plant nun ein medizinisches Versorgungszentrum mit angestellten Ärzten. Eröffnung frühestens in zwei Jahren. Sabine Wolf sagt: „Dann halte ich eben noch zwei Jahre durch.“""",
        "hours": 175,
        "motif": "mountains",
        "palette": "autumn",
        "caption": "Ein Dorf im Hunsrück im Herbst.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 13,
    },
    {
        "slug": "album-kritik-elektro-duo",
        "section": "kultur",
        "genre": "review",
        "authors": ["leonie-hartmann"],
        "tags": [],
        "kicker": "Musik",
        "headline": "Tanzmusik für Menschen, die lieber zuhören",
        "lead": "Das Berliner Duo Nachtstrom legt mit „Kaltfront“ ein Album vor, das im Club "
        "und auf Kopfhörern gleichermaßen funktioniert.",
        "body": """Es beginnt mit einem Rauschen, das klingt wie Regen auf einem Autodach. Dann setzt ein Beat ein, langsam, fast zögerlich. „Kaltfront“, das dritte Album von Nachtstrom, nimmt sich Zeit.

Die beiden Musikerinnen, Jule Brenner und Sara Kowalski, haben die Stücke in einer ehemaligen Wetterstation an der Ostsee aufgenommen. Man hört es: Wind, Möwen, einmal ein entferntes Nebelhorn.

Nicht jedes der elf Stücke trägt über sieben Minuten. Aber die besten, etwa „Isobaren“ und „Tief Xaver“, gehören zum Schönsten, was die deutsche elektronische Musik in diesem Jahr hervorgebracht hat.""",
        "hours": 190,
        "motif": "waves",
        "palette": "night",
        "caption": "Das Duo Nachtstrom bei einem Konzert.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 3,
    },
    {
        "slug": "waermepumpen-absatz",
        "section": "wirtschaft",
        "genre": "report",
        "authors": ["miriam-okafor"],
        "tags": ["energiewende", "klimapolitik"],
        "kicker": "Heizen",
        "headline": "Die Wärmepumpe kommt – langsamer als geplant",
        "lead": "Nach dem Streit ums Heizungsgesetz ist der Absatz eingebrochen. Jetzt zieht er "
        "wieder an. Ein Besuch bei einem Installateur im Sauerland.",
        "body": """Im Lager von Heizungsbauer Dirk Althoff stehen sechs Wärmepumpen, verpackt in Folie. „Vor zwei Jahren hätte ich das Zehnfache verkaufen können, wenn ich sie bekommen hätte“, sagt er. „Letztes Jahr wollte sie keiner mehr.“

Die Debatte um das Gebäudeenergiegesetz hat viele Kunden verunsichert. Inzwischen ziehen die Bestellungen wieder an, auch weil die Förderung klarer geregelt ist.

## Fachkräfte fehlen

Althoff hat acht Mitarbeiter, zwei Stellen sind unbesetzt. Die Wartezeit auf einen Einbau liegt bei vier Monaten. Das Ziel der Bundesregierung, jährlich 500.000 Wärmepumpen zu installieren, hält er für unrealistisch: „Mit welchen Leuten denn?“""",
        "hours": 210,
        "motif": "sun",
        "palette": "office",
        "caption": "Eine Wärmepumpe an einem Einfamilienhaus.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 0,
    },
    {
        "slug": "marathon-berlin-rekord",
        "section": "sport",
        "genre": "news",
        "authors": ["henrik-brandt"],
        "tags": [],
        "kicker": "Leichtathletik",
        "headline": "Streckenrekord beim Stadtmarathon",
        "lead": "Bei kühlem Wetter und fast ohne Wind läuft die Kenianerin Grace Wanjiru die "
        "schnellste Zeit, die je auf dieser Strecke gemessen wurde.",
        "body": """2:14:38 Stunden – so schnell war noch keine Frau auf dieser Strecke. Grace Wanjiru lief die zweite Hälfte schneller als die erste und hatte im Ziel fast drei Minuten Vorsprung.

„Ich habe bei Kilometer 30 gespürt, dass heute etwas möglich ist“, sagte die 27-Jährige. Die Bedingungen waren ideal: acht Grad, bedeckter Himmel, kaum Wind.

Bei den Männern gewann der Äthiopier Tadesse Bekele in 2:04:12. Insgesamt kamen mehr als 41.000 Läuferinnen und Läufer ins Ziel.""",
        "hours": 230,
        "motif": "road",
        "palette": "sky",
        "caption": "Läuferinnen und Läufer auf der Marathonstrecke.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 0,
    },
    # Not visible to readers: one draft and one scheduled story, for trying the preview.
    {
        "slug": "entwurf-rentenreform",
        "section": "deutschland",
        "genre": "analysis",
        "authors": ["jonas-petersen"],
        "tags": ["bundestag"],
        "kicker": "Rente",
        "status": "draft",
        "headline": "Rentenreform: Was auf die Jahrgänge ab 1970 zukommt",
        "lead": "Entwurf – noch nicht veröffentlicht. Die Reform verschiebt Lasten zwischen den "
        "Generationen.",
        "body": "Dieser Text ist ein Entwurf und nur in der Vorschau sichtbar.",
        "hours": 1,
        "motif": "grid",
        "palette": "dusk",
        "caption": "Platzhalterbild.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 0,
    },
    {
        "slug": "geplant-jahresrueckblick",
        "section": "gesellschaft",
        "genre": "report",
        "authors": ["thomas-reuter"],
        "tags": [],
        "kicker": "Jahresrückblick",
        "headline": "Das Jahr in zwölf Geschichten",
        "lead": "Geplant: erscheint automatisch in einigen Tagen.",
        "body": "Dieser Text ist für später geplant und erscheint automatisch.",
        "hours": -24 * 5,
        "motif": "circles",
        "palette": "paper",
        "caption": "Platzhalterbild.",
        "credit": "Newsroom-Demo/Illustration",
        "comments": 0,
    },
]
