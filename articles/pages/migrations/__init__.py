# The text the data migration puts into a page nobody has written yet (seed_pages looks for it).
PLACEHOLDER_TEXT = "Diese Seite wird von der Redaktion noch ausgefüllt."
