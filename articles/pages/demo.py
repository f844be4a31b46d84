"""Fictional demo texts for the legal and service pages (seed_pages). Nothing here is real."""

DEMO_NOTE = (
    "> **Demo-Text.** Alle Angaben auf dieser Seite sind erfunden. Wer Newsroom betreibt, "
    "ersetzt sie im Admin unter *Rechtliche und Service-Seiten* durch die echten Angaben."
)

IMPRESSUM = f"""{DEMO_NOTE}

## Angaben gemäß § 5 DDG

Newsroom Demoverlag GmbH (fiktiv)
Musterstraße 1
12345 Musterstadt

Vertreten durch die Geschäftsführerin Erika Beispiel (fiktiv).

Handelsregister: Amtsgericht Musterstadt, HRB 00000 (fiktiv)
Umsatzsteuer-Identifikationsnummer: DE000000000 (fiktiv)

## Kontakt

Telefon: 01234 567890 (fiktiv)
E-Mail: redaktion@newsroom.example

## Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV

Max Mustermann (Chefredakteur, fiktiv), Anschrift wie oben.

## Streitschlichtung

Wir sind nicht bereit und nicht verpflichtet, an Streitbeilegungsverfahren vor einer
Verbraucherschlichtungsstelle teilzunehmen.
"""

DATENSCHUTZ = f"""{DEMO_NOTE}

## Verantwortlicher

Newsroom Demoverlag GmbH (fiktiv), Musterstraße 1, 12345 Musterstadt,
datenschutz@newsroom.example. Diese Seite beschreibt, was die Website tatsächlich speichert.

## Keine Dritten, kein Tracking

Jede Seite wird ausschließlich von unserem eigenen Server geladen: keine Schriftarten,
Skripte, Bilder oder Werbung von anderen Anbietern, keine Reichweitenmessung, keine Tracker.

## Cookies

- **Sitzung** (`sessionid`): nur nach der Anmeldung; hält Sie angemeldet. Sie verfällt
  beim Abmelden, spätestens nach zwei Wochen.
- **CSRF-Schutz** (`csrftoken`): wird gesetzt, sobald eine Seite ein Formular enthält (auch
  die Sprachauswahl am Seitenende), und schützt Formulare vor Fälschung von fremden Seiten.
  Gültig ein Jahr; eine Zufallszahl ohne Angaben über Sie.
- **Sprache** (`django_language`): nur wenn Sie die Sprache der Bedienoberfläche selbst
  wählen; bis zum Ende der Browser-Sitzung.

Alle Cookies sind im Betrieb `Secure`, `HttpOnly` und `SameSite=Lax`. Keines davon dient
der Wiedererkennung über Seiten hinweg oder der Werbung.

## IP-Adressen

IP-Adressen speichern wir nie im Klartext. Für den Schutz vor Missbrauch (Begrenzung von
Anmeldeversuchen, Registrierungen, Kommentaren) bilden wir einen verschlüsselten Hashwert
(HMAC mit geheimem Schlüssel). Die Zähler dazu verfallen nach ihrem Zeitfenster, spätestens
nach einer Stunde. Zu jedem Kommentar wird der Hashwert gespeichert, solange der Kommentar
besteht, damit wir wiederholten Missbrauch erkennen können.

## Konto und Kommentare

Für ein Konto speichern wir E-Mail-Adresse, Benutzernamen, Anzeigenamen, Passwort (nur als
Hash), freiwillig Profiltext und Bild sowie Ihre Benachrichtigungseinstellungen.
Kommentare werden mit Zeitpunkt und Hashwert gespeichert und sind öffentlich.
Benachrichtigungen speichern wir, bis Sie Ihr Konto löschen. Moderationsentscheidungen
werden mit Begründung dokumentiert (Art. 17 DSA).

In den Einstellungen können Sie alle Daten als JSON herunterladen und Ihr Konto löschen:
E-Mail-Adresse, Namen, Profil, Bild, Benachrichtigungen und Passwort werden dann gelöscht.
Ihre Kommentare bleiben anonymisiert stehen („gelöschtes Konto“), weil andere darauf
geantwortet haben.

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung,
Datenübertragbarkeit und Widerspruch sowie das Recht auf Beschwerde bei einer
Datenschutz-Aufsichtsbehörde.
"""

KONTAKT = f"""{DEMO_NOTE}

## Redaktion

E-Mail: redaktion@newsroom.example
Telefon: 01234 567890 (werktags 9–18 Uhr, fiktiv)

## Leserservice und Konto

E-Mail: leserservice@newsroom.example

## Hinweise auf Fehler

Wir korrigieren Fehler offen. Schreiben Sie an korrekturen@newsroom.example.

## Sicherheitslücken

Bitte an die Adresse aus unserer Datei `/.well-known/security.txt`.
"""

NUTZUNGSBEDINGUNGEN = f"""{DEMO_NOTE}

## Geltung

Diese Bedingungen gelten für die Nutzung der Website und für Ihr Konto. Lesen ist ohne Konto
möglich; zum Kommentieren brauchen Sie ein Konto mit bestätigter E-Mail-Adresse.

## Ihr Konto

Ein Konto ist persönlich. Halten Sie Ihr Passwort geheim. Sie können Ihr Konto jederzeit in
den Einstellungen löschen; Ihre Daten können Sie dort vorher herunterladen.

## Ihre Beiträge

Für Kommentare gelten unsere Diskussionsregeln (Netiquette), die Sie bei der Registrierung
und nach jeder Änderung der Regeln vor Ihrem nächsten Kommentar bestätigen. Sie bleiben
Urheberin oder Urheber Ihrer Texte und räumen uns das einfache Recht ein, sie unter dem
Artikel zu veröffentlichen.

## Moderation

Wir können Beiträge ausblenden und Konten zeitweise sperren, wenn sie gegen Gesetze oder die
Diskussionsregeln verstoßen. Jede solche Entscheidung begründen wir; Sie können ihr
widersprechen (Art. 17 und 20 DSA).

## Änderungen

Ändern sich diese Bedingungen oder die Diskussionsregeln, sagen wir es Ihnen vor Ihrem
nächsten Kommentar.
"""

PAGES = {
    "impressum": ("Impressum", IMPRESSUM),
    "datenschutz": ("Datenschutzerklärung", DATENSCHUTZ),
    "kontakt": ("Kontakt", KONTAKT),
    "nutzungsbedingungen": ("Nutzungsbedingungen", NUTZUNGSBEDINGUNGEN),
}
