"""The moderation assistant: a per-site text classifier trained on the site's own decisions.

It suggests; it never decides. A score above a section's threshold makes the write path hold
a comment for review, exactly like the other pre-moderation rules; hiding stays a moderator's
decision. Everything runs on our servers: scikit-learn, a model blob in the database, no
download at run time and no reader text sent anywhere (docs/decisions.md "Moderation
assistant").

The core, from the bottom up (none of it imports a Django model):

- `normalise`: folds what readers do to dodge word lists ("V0llidi0t", "A*loch", "I.d.i.o.t").
- `lexicon`: the built-in stems (insults, threats, dehumanising words, spam and doxxing
  signals) and the site's own word lists, as a handful of counted features.
- `features`: word and character n-gram TF-IDF plus the lexicon, in one vectoriser.
- `training`: fit, time-based hold-out metrics, the promotion rule, the model blob.
- `scoring`: load a blob once per process, score one text in about a millisecond, explain it.
- `corpus`: the cold-start comments shipped with the demo (data/cold_start.csv).

On top of the core, with the Django models (comments/moderation/models/assistant.py), each in
its layer of pyproject.toml's import contracts:

- `store`: the active version and its model, loaded once per process (reads only);
- `learning`: labels from the moderation log, training as a task, promotion, rollback,
  explanations, false alarms and misses per month;
- `policy`: beside comments.moderation.rules, the write path's question "score and hold?";
- `records`: beside comments.moderation.intake, the score rows and retraining after N
  decisions.
"""
