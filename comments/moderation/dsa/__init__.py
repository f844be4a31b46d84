"""The legal chain of the EU Digital Services Act, top to bottom (each module imports only
the ones below it; import-linter checks it):

views.py, admin.py   the public notice and complaint pages, the decision queues, the desk
render.py            the DSA pieces of the comment list (the renderer asks for them)
forms.py             notice, complaint and decision forms
appeals.py           internal complaints (Art. 20), decided by another moderator
notices.py           notices of illegal content (Art. 16) and notifier misuse (Art. 23)
transparency.py      the Art. 15/24 report and the Transparency Database export
statements.py        statements of reasons (Art. 17): written once, amended on reversal
mail.py              the DSA mails, sent by the tasks in comments/tasks.py
links.py, texts.py   absolute addresses and signed keys; the fixed legal sentences
"""
