"""Moderation, a package of the comments app (app label `comments`).

Inside comments, every module imports only the layers below it; import-linter checks the
order in CI (pyproject.toml) and fails on any import cycle, imports inside functions included.
When a lower module needs something from above, the upper one passes it in (a return value
the caller acts on, a registry filled in CommentsConfig.ready), never an import.

    web        comments.views, urls, admin, feeds, templatetags, signals, management commands;
               moderation.views, moderation.admin, moderation.urls; dsa.views, dsa.admin
    read side  comments.thread_page (ThreadPage: access, paging, fragments, compose) ->
               comments.threads, highlights, thread_render, forms; moderation.forms;
               dsa.render, dsa.forms (registered with the renderer, which never imports them)
    DSA chain  dsa.appeals  ->  dsa.notices
    moderators moderation.services (hide, restore, sanctions, misuse), selectors, retention,
               dsa.transparency, comments.seeding, integrity  ->  moderation.desk (claims)
    write path comments.services (comment_create/edit/delete, comment_status_set),
               dsa.statements (statements of reasons)
    intake     moderation.intake: surge counting, refusal records, hold explanations; it
               records what happened and returns, never calls up; beside it
               assistant.records (the assistant's score rows, retraining after N decisions)
    policy     moderation.rules: discussion_state, hold_reason, posting_refusal ... (reads only);
               beside it assistant.policy (the assistant's score and hold for a text)
    jobs, mail comments.tasks  ->  dsa.mail
    assistant  assistant.learning (training, activation, rollback, outcomes)  ->
               assistant.store (the active model, loaded once per process); the core
               (normalise, lexicon, features, model, training, scoring, corpus) imports no
               Django model (a forbidden contract)
    primitives comments.permissions (can_moderate), rendering, locking, cache
               (article_thread_bump), dsa.links, dsa.texts
    models     comments.models  ->  moderation.models (moderation, holds, dsa, desk,
               assistant)  ->  querysets

    views/admin ──> threads ──> appeals ──> notices ──> moderation.services ──> comments.services
                                                                               │
      models <── primitives <── tasks/mail <── rules <── intake <──────────────┘
"""
