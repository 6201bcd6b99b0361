"""Who may do what to a guide and its versions: the one place that answers.

`allowed_actions(version, user)` answers every action the workflow offers on a version, each
with the sentence that says why not. `workflow.py` enforces through `check()`; the admin's
buttons, forms, review screens and templates only read the answers. Each refusal sentence exists
once, here.

Roles are permissions (Django's `has_perm`), never group names, so an administrator can build
other groups:
- `articles.change_articleversion`: write drafts of guides you are the author of (writers);
- `articles.edit_any_article`: write any author's drafts, and set a guide's address, topic and
  featuring (editors);
- `articles.approve_articleversion`: approve or send back versions (reviewers), never a version
  you wrote or edited since the last live one (four-eyes rule, superusers included);
- `articles.view_articleversion`: see versions, the review queue, previews and history.
"""

from dataclasses import dataclass

from django.db.models import Q

from .models import ArticleVersion, Person

State = ArticleVersion.State

ADD = "articles.add_articleversion"
CHANGE = "articles.change_articleversion"
VIEW = "articles.view_articleversion"
APPROVE = "articles.approve_articleversion"
EDIT_ANY = "articles.edit_any_article"

# What each action is called in a refusal ("You may not <phrase>").
ACTIONS = {
    # Start a draft of the guide from this version, or continue its open one.
    "edit": "edit this guide",
    # Save changes into this very version (it must still be open).
    "save": "edit this guide",
    "submit": "submit this guide for review",
    "approve": "approve",
    "schedule": "schedule",
    "request_changes": "send back",
    "discard": "discard this version",
    "restore": "restore this version",
    "publish": "publish",
    # Take the live guide off the site (workflow.unpublish).
    "unpublish": "take this guide down",
    # Make a preview link to this version for someone without an account.
    "share": "share a preview of this version",
}

# What each action does to a version, for WRONG_STATE ("Only a version that is … can be <done>").
DONE = {
    "edit": "edited",
    "save": "edited",
    "submit": "submitted for review",
    "approve": "approved",
    "schedule": "scheduled",
    "request_changes": "sent back",
    "discard": "discarded",
    "restore": "restored",
    "publish": "published",
    "unpublish": "taken down",
    "share": "shared",
}

# Each state as the end of "version 3 is …" (the labels alone read "is was live", "is draft").
STATE_PHRASES = {
    State.DRAFT: "a draft",
    State.IN_REVIEW: "in review",
    State.APPROVED: "approved",
    State.LIVE: "live",
    State.ARCHIVED: "an earlier live version",
    State.DISCARDED: "discarded",
    State.WITHDRAWN: "taken down",
}


def state_phrase(state):
    return STATE_PHRASES.get(state) or str(State(state).label).lower()


# The refusals, once each.
SIGN_IN = "Sign in to {action}."
NOT_THEIR_GUIDE = (
    "You may not {action}: writers work on their own guides only, "
    "and reviewers approve rather than edit."
)
NOT_A_REVIEWER = "Only reviewers may {action}; your account does not have that permission."
# Reads for every decision: "you may not approve / schedule / send back this version".
FOUR_EYES = (
    "You created or edited this version, or are named as its author or editor, so you may not "
    "{action} this version: another reviewer must decide on it (four-eyes rule)."
)
NO_PERSON = (
    "Your account has no Person linked, so the guide could not show who reviewed it. "
    "Ask an administrator to link your Person (People > your name > user)."
)
WRONG_STATE = "Only a version that is {allowed} can be {done}; version {number} is {state}."
CLOSED = "Version {number} is {state} and cannot be changed; use Edit to start a new draft from it."
OPEN_ELSEWHERE = (
    "Version {number} is still open; submit or discard it before restoring an older version."
)
ALREADY_OPEN = (
    "This guide already has an open version (version {number}); "
    "continue that one or discard it first."
)
MAY_NOT_ADD = "You may not add guide versions."
EDITORS_AND_REVIEWERS = "Only editors and reviewers may {action}."
OTHER_AUTHOR = "Only editors may give a guide to another author; nothing was saved."
# What an account lacks, told on the admin home before a refusal (articles/accounts.py).
SETUP_NO_ROLE = (
    "Your account is in no group, so there is nothing you can work on yet. "
    "Ask an administrator to make you a writer, editor or reviewer."
)
SETUP_NO_PERSON = "Your account has no Person linked, so you cannot {what}. {fix}"
SETUP_NO_PERSON_WHAT = {
    "write": "write guides: a guide's author is a Person, and writers work on their own guides",
    "approve": "approve guides: a guide's page names the Person who reviewed it",
    "both": "write or approve guides: a guide names its author and its reviewer by their Person",
}
SETUP_ASK_ADMIN = (
    "Ask an administrator to link your Person (People > your name > user) or to add one."
)
SETUP_LINK_YOURSELF = "Link your Person under People (your name > user), or add one."
WAITING_FOR_REVIEW = (
    "Submitted for review: waiting for a reviewer. Version {number} stays in review until a "
    "reviewer approves it or sends it back."
)


@dataclass(frozen=True)
class Answer:
    """Whether an action is allowed now and, when not, the sentence that says why."""

    allowed: bool
    reason: str = ""
    # The form field the refusal is about, for forms that ask ("" for the whole form).
    field: str = ""

    def __bool__(self):
        return self.allowed


YES = Answer(True)


def no(template, field="", **values):
    return Answer(False, template.format(**values), field)


# Roles ---------------------------------------------------------------------------------------


def is_signed_in(user):
    return user is not None and user.is_authenticated and user.is_active


def person_of(user):
    """The Person linked to a signed-in account, or None."""
    return Person.objects.filter(user=user).first() if is_signed_in(user) else None


def is_editor(user):
    """Editors (and superusers) may work on any guide and reshape it."""
    return is_signed_in(user) and user.has_perm(CHANGE) and user.has_perm(EDIT_ANY)


def may_write_for(author, user):
    """Whether `user` may work on drafts whose author is the Person `author`."""
    if not is_signed_in(user) or not user.has_perm(CHANGE):
        return False
    if is_editor(user):
        return True
    # Writers work on their own guides only: they are the version's author.
    return author is not None and author.user_id == user.pk


def can_review(user):
    """Whether `user` holds the permission to approve or send back versions."""
    return is_signed_in(user) and user.has_perm(APPROVE)


def can_view(user):
    """Whether `user` may see versions, the queue, previews and history (signed-in staff)."""
    return is_signed_in(user) and user.is_staff and user.has_perm(VIEW)


def has_touched(version, user):
    """Whether `user` created, edited or is bylined on `version` (the four-eyes rule)."""
    if version.created_by_id == user.pk:
        return True
    bylined = ArticleVersion.objects.filter(pk=version.pk).filter(
        Q(author__user=user) | Q(editor__user=user)
    )
    return bylined.exists() or version.edited_by.filter(pk=user.pk).exists()


# Actions on a version ------------------------------------------------------------------------


def _writer(version, user, action):
    phrase = ACTIONS[action]
    if not is_signed_in(user):
        return no(SIGN_IN, action=phrase)
    if not may_write_for(version.author, user):
        return no(NOT_THEIR_GUIDE, action=phrase)
    return YES


def _reviewer(version, user, action):
    phrase = ACTIONS[action]
    if not can_review(user):
        return no(NOT_A_REVIEWER, action=phrase)
    if has_touched(version, user):
        return no(FOUR_EYES, action=phrase)
    return YES


def in_state(version, allowed, action):
    """Whether `version` is in one of the `allowed` states for `action`, and if not, why."""
    if version.state in allowed:
        return YES
    *others, last = [state_phrase(s) for s in allowed]
    return no(
        WRONG_STATE,
        done=DONE[action],
        allowed=f"{', '.join(others)} or {last}" if others else last,
        number=version.number,
        state=state_phrase(version.state),
    )


def _edit(version, user, context):
    return _writer(version, user, "edit")


def _save(version, user, context):
    answer = _writer(version, user, "save")
    if answer and not version.is_open:
        return no(CLOSED, number=version.number, state=state_phrase(version.state))
    return answer


def _submit(version, user, context):
    answer = _writer(version, user, "submit")
    if answer and version.state == State.IN_REVIEW:
        # What the writer needs to hear about their own version in review: it is not stuck.
        return no(WAITING_FOR_REVIEW, number=version.number)
    return answer and in_state(version, [State.DRAFT], "submit")


def _decide(action):
    def rule(version, user, context):
        answer = _reviewer(version, user, action) and in_state(version, [State.IN_REVIEW], action)
        if answer and action in ("approve", "schedule") and context.reviewer_person() is None:
            return Answer(False, NO_PERSON)
        return answer

    return rule


def _discard(version, user, context):
    return _writer(version, user, "discard") and in_state(
        version, ArticleVersion.OPEN_STATES, "discard"
    )


def _restore(version, user, context):
    answer = _writer(version, user, "restore") and in_state(
        version, [State.ARCHIVED, State.DISCARDED], "restore"
    )
    if answer and (current := context.open_version()) is not None:
        return no(OPEN_ELSEWHERE, number=current.number)
    return answer


def _editor_or_reviewer(user, action):
    phrase = ACTIONS[action]
    if not is_signed_in(user):
        return no(SIGN_IN, action=phrase)
    if not (is_editor(user) or can_review(user)):
        return no(EDITORS_AND_REVIEWERS, action=phrase)
    return YES


def _unpublish(version, user, context):
    return _editor_or_reviewer(user, "unpublish") and in_state(version, [State.LIVE], "unpublish")


def _share(version, user, context):
    shareable = [*ArticleVersion.OPEN_STATES, State.LIVE, State.ARCHIVED, State.WITHDRAWN]
    return _editor_or_reviewer(user, "share") and in_state(version, shareable, "share")


RULES = {
    "edit": _edit,
    "save": _save,
    "submit": _submit,
    "approve": _decide("approve"),
    "schedule": _decide("schedule"),
    "request_changes": _decide("request_changes"),
    "discard": _discard,
    "restore": _restore,
    "unpublish": _unpublish,
    "share": _share,
}


class _Context:
    """What some rules read from the database, fetched at most once per question."""

    _UNSET = object()

    def __init__(self, version, user, open_version):
        self.version, self.user = version, user
        self._open, self._person = open_version, self._UNSET

    def open_version(self):
        if self._open is self._UNSET:
            self._open = (
                ArticleVersion.objects.filter(article_id=self.version.article_id)
                .open()
                .exclude(pk=self.version.pk)
                .first()
            )
        return self._open

    def reviewer_person(self):
        if self._person is self._UNSET:
            self._person = person_of(self.user)
        return self._person


def check(version, user, action, *, open_version=_Context._UNSET):
    """The answer for one action on `version` by `user`."""
    return RULES[action](version, user, _Context(version, user, open_version))


def allowed_actions(version, user, *, open_version=_Context._UNSET):
    """Every action the workflow offers on `version`, answered for `user`: {action: Answer}.

    `open_version` is the guide's version in progress (other than this one) when the caller
    already knows it (None: there is none), saving a query.
    """
    context = _Context(version, user, open_version)
    return {action: rule(version, user, context) for action, rule in RULES.items()}


# Actions on a guide --------------------------------------------------------------------------


def may_add(article, author, user, *, current=None, latest=None):
    """May `user` add a new version of `article` written by `author`?

    `current` is the guide's open version and `latest` its live or newest version, if any.
    """
    phrase = "add a version to this guide"
    if not is_signed_in(user) or not user.has_perm(ADD):
        return Answer(False, MAY_NOT_ADD)
    if author is not None and not may_write_for(author, user):
        return no(NOT_THEIR_GUIDE, "author", action=phrase)
    if current is not None:
        return no(ALREADY_OPEN, "article", number=current.number)
    # A writer may not take over another writer's guide by adding a version of their own.
    if latest is not None and not may_write_for(latest.author, user):
        return no(NOT_THEIR_GUIDE, "article", action=phrase)
    return YES


def may_set_author(current, author, user):
    """May `user` save `current` with `author` as its author (giving it away needs an editor)?"""
    if author.pk != current.author_id and not may_write_for(author, user):
        return Answer(False, OTHER_AUTHOR, "author")
    return YES


def may_reshape(article, user, latest=None):
    """May `user` change a guide's address or topic (public at once, outside review)?

    Editors may on any guide; writers only on a guide of theirs that has never been public.
    `latest` is the guide's newest version.
    """
    if article is None or is_editor(user):
        return True
    if article.first_published_at is not None:
        return False
    return latest is None or may_write_for(latest.author, user)


def may_link_account(user):
    """A Person's linked account decides whose guides a writer may edit and who may approve:
    only administrators change it."""
    return is_signed_in(user) and user.is_superuser


def may_feature(user):
    """The home page's featured guides are the editors' choice."""
    return is_editor(user)


# Preview links -------------------------------------------------------------------------------


def may_revoke(link, user):
    """May `user` revoke a preview link? Its creator, and any editor or reviewer.

    Making one is the action "share" on its version; taking one back is always open to the
    person who made it, even after they lost the role, since revoking only closes access.
    """
    phrase = "revoke this preview link"
    if not is_signed_in(user):
        return no(SIGN_IN, action=phrase)
    if link.created_by_id == user.pk or is_editor(user) or can_review(user):
        return YES
    return no(EDITORS_AND_REVIEWERS, action=phrase)
