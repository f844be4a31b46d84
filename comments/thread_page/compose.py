"""The forms of the comment section: the top-level form, the reply form under the comment
being answered, the question form and the authors' answer forms."""

from functools import cached_property

from django.utils.translation import gettext_lazy

from comments.forms import CommentForm
from comments.models import Comment
from comments.thread_render import FULL, fragment_slots


class ThreadForms:
    """A part of ThreadPage (comments/thread_page/__init__.py); it uses the page's
    `article`, `user`, `request` and the other parts' members."""

    @cached_property
    def forms(self):
        """Return (top-level form, reply form or None) for a reader who may post.

        The reply form only exists when the comment it answers is shown on this page;
        otherwise a failed reply's text goes back into the top-level form, never lost.
        """
        if not self.can_post:
            return None, None
        failed = self.form
        replying = failed is not None and failed.is_reply()
        target_shown = bool(self.reply_to) and self._reply_target_open()
        reply_form = None
        if target_shown:
            if replying:
                reply_form = failed
            else:
                reply_form = CommentForm(
                    article=self.article,
                    user=self.user,
                    initial={"parent": self.reply_to},
                    auto_id="reply_%s",
                )
                reply_form.fields["body"].widget.attrs["autofocus"] = ""
            reply_form.auto_id = "reply_%s"
            reply_form.place("reply-form")
            reply_form.helper.form_class += " comment-form--reply"
        if failed is not None and reply_form is not failed:
            if replying:  # its parent is gone from this page: post it as a new comment
                failed.data = failed.data.copy()
                failed.data["parent"] = ""
                failed.initial = {**failed.initial, "parent": None}  # a restored draft
            top_form = failed
        else:
            top_form = CommentForm(article=self.article, user=self.user)
            # Its HTML depends on these alone: rendered once per process (comment_form tag).
            top_form.shape = (
                "top",
                self.article.pk,
                "as_moderator" in top_form.fields,
                "accept_rules" in top_form.fields,
            )
        top_form.place("comment-form")
        return top_form, reply_form

    @property
    def top_form(self):
        return self.forms[0]

    @property
    def reply_form(self):
        return self.forms[1]

    def _reply_target_open(self) -> bool:
        """Whether the comment being answered is shown on this page and takes replies."""
        if not self.replies_open:
            return False
        return any(
            slot.pk == self.reply_to and slot.display == FULL and slot.status in Comment.COUNTED
            for fragment in self.fragments
            for slot in fragment_slots(fragment)
        )

    @cached_property
    def pick_count(self) -> int:
        """How many picks the tab shows (one cheap COUNT, only asked when rendering tabs)."""
        return Comment.objects.picks(self.article).count()

    @cached_property
    def unanswered_questions(self):
        """The article's open questions, for its authors only (their small queue)."""
        if not (
            self.questions_open
            and self.user.is_authenticated
            and self.user.pk in self.shared_viewer.badge_user_ids
        ):
            return []
        questions = list(
            Comment.objects.question_roots(self.article)
            .visible()
            .filter(answered_at__isnull=True)
            .select_related("author")
            .order_by("tree_id")[:20]
        )
        for question in questions:  # answered inline: a reply form under each question
            form = CommentForm(
                article=self.article,
                user=self.user,
                initial={"parent": question.pk},
                auto_id=f"answer-{question.pk}-%s",
                submit_label=gettext_lazy("Send answer"),
            )
            form.fields["body"].label = gettext_lazy("Your answer")
            form.place(f"answer-{question.pk}")
            question.answer_form = form
        return questions

    @cached_property
    def question_form(self):
        if not (self.questions_open and self.can_post):
            return None
        form = CommentForm(article=self.article, user=self.user, question=True)
        form.place("question-form")
        return form
