"""Demo sections, authors, topics and accounts for `seed_demo` (fictional people)."""

# (slug, name, parent slug, description)
SECTIONS = [
    ("politik", "Politik", None, "Innen- und Außenpolitik, Parlament und Parteien."),
    ("deutschland", "Deutschland", "politik", "Bundestag, Länder und Kommunen."),
    ("ausland", "Ausland", "politik", "Berichte unserer Korrespondentinnen und Korrespondenten."),
    ("europa", "Europa", "ausland", "Die Europäische Union und ihre Nachbarn."),
    ("asien", "Asien", "ausland", "Von Tokio bis Jakarta."),
    ("wirtschaft", "Wirtschaft", None, "Unternehmen, Arbeit, Geld und Märkte."),
    ("gesellschaft", "Gesellschaft", None, "Wie wir leben, wohnen und miteinander umgehen."),
    ("kultur", "Kultur", None, "Literatur, Bühne, Film und Musik."),
    ("wissen", "Wissen", None, "Forschung, Klima, Gesundheit und Technik."),
    ("sport", "Sport", None, "Fußball und alles andere, was bewegt."),
]

# slug, name, role, bio, photo colour
AUTHORS = [
    (
        "katrin-albers",
        "Katrin Albers",
        "Auslandsredakteurin (Asien)",
        "Katrin Albers berichtet seit 2011 über Ostasien, zuerst aus Seoul, heute vom Berliner "
        "Desk aus. Sie hat Japanologie in Bonn studiert und schreibt am liebsten über Menschen, "
        "die zwischen zwei Systemen leben.",
        (196, 86, 60),
    ),
    (
        "jonas-petersen",
        "Jonas Petersen",
        "Parlamentskorrespondent",
        "Jonas Petersen beobachtet den Bundestag von der Pressetribüne aus. Vorher war er "
        "Lokalreporter in Kiel. Er interessiert sich für Haushalt, Verkehr und die Frage, "
        "warum Gesetze so lange brauchen.",
        (52, 96, 140),
    ),
    (
        "miriam-okafor",
        "Miriam Okafor",
        "Wirtschaftsredakteurin",
        "Miriam Okafor schreibt über Arbeitsmarkt, Mittelstand und Geldpolitik. Die gelernte "
        "Bankkauffrau hat in Frankfurt Volkswirtschaft studiert und erklärt Zahlen, ohne "
        "Leserinnen und Leser mit ihnen allein zu lassen.",
        (46, 125, 90),
    ),
    (
        "henrik-brandt",
        "Henrik Brandt",
        "Sportredakteur",
        "Henrik Brandt war Torwart in der Oberliga, bis das Knie nicht mehr wollte. Seitdem "
        "sitzt er auf der Tribüne und schreibt über Fußball, Handball und die Kommerzialisierung "
        "des Sports.",
        (150, 110, 40),
    ),
    (
        "leonie-hartmann",
        "Leonie Hartmann",
        "Kulturredakteurin",
        "Leonie Hartmann rezensiert Romane, Theaterabende und gelegentlich ein Album. Sie lebt "
        "in Leipzig und ist überzeugt, dass die beste Literatur gerade in kleinen Verlagen "
        "erscheint.",
        (120, 70, 140),
    ),
    (
        "felix-wagner",
        "Dr. Felix Wagner",
        "Wissenschaftsredakteur",
        "Felix Wagner ist promovierter Physiker und seit zehn Jahren Wissenschaftsjournalist. "
        "Er schreibt über Klima, Raumfahrt und Medizin und liest dafür mehr Studien, als ihm "
        "lieb ist.",
        (40, 110, 150),
    ),
    (
        "aylin-demir",
        "Aylin Demir",
        "Korrespondentin in Brüssel",
        "Aylin Demir berichtet aus Brüssel über die Europäische Union. Sie wuchs in Duisburg auf, "
        "studierte in Istanbul und Maastricht und spricht fünf Sprachen, das Brüsseler "
        "Verwaltungsfranzösisch eingeschlossen.",
        (170, 60, 100),
    ),
    (
        "thomas-reuter",
        "Thomas Reuter",
        "Ressortleiter Gesellschaft",
        "Thomas Reuter leitet das Ressort Gesellschaft. Er schreibt Reportagen über Wohnen, "
        "Verkehr und den Alltag in Städten und auf dem Land und fährt dafür jeden Tag Rad, "
        "auch im Februar.",
        (90, 90, 90),
    ),
]

TAGS = [
    ("klimapolitik", "Klimapolitik"),
    ("bundestag", "Bundestag"),
    ("energiewende", "Energiewende"),
    ("taiwan", "Taiwan"),
    ("japan", "Japan"),
    ("europaeische-union", "Europäische Union"),
    ("inflation", "Inflation"),
    ("fussball", "Fußball"),
    ("kuenstliche-intelligenz", "Künstliche Intelligenz"),
    ("verkehrswende", "Verkehrswende"),
    ("wohnen", "Wohnen"),
    ("literatur", "Literatur"),
    ("raumfahrt", "Raumfahrt"),
    ("gesundheit", "Gesundheit"),
    ("arbeit", "Arbeit"),
    ("suedkorea", "Südkorea"),
]

# handle, display name, e-mail
READERS = [
    ("joerg_mueller", "Jörg Müller", "joerg.mueller@example.org"),
    ("ayse_yilmaz", "Ayşe Yılmaz", "ayse.yilmaz@example.org"),
    ("susanne_koehler", "Susanne Köhler", "susanne.koehler@example.org"),
    ("paul_schroeder", "Paul Schröder", "paul.schroeder@example.org"),
    ("fatima_haddad", "Fatima Haddad", "fatima.haddad@example.org"),
    ("lena_weiss", "Lena Weiß", "lena.weiss@example.org"),
]
EDITOR = ("redaktion", "Clara Redlich", "redaktion@example.org")
MODERATOR = ("moderation", "Nina Brenner", "moderation@example.org")

SUPPORT_BOX = {
    "title": "Unabhängiger Journalismus braucht Sie",
    "text": "Newsroom ist frei zugänglich, ohne Bezahlschranke und ohne Tracking. Damit das so "
    "bleibt, brauchen wir Leserinnen und Leser, die uns freiwillig unterstützen – schon mit "
    "fünf Euro im Monat.",
    "link_url": "https://newsroom.example/unterstuetzen",
    "link_label": "Jetzt unterstützen",
}
