"""The workflow action bar at the top of a version's page: what this person may do now.

Every button comes from `permissions.allowed_actions`; a missing action is explained, where that
helps, by the refusal sentence `permissions.py` wrote (never a second copy of it here).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from . import permissions, workflow
from .models import ArticleVersion

State = ArticleVersion.State


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    # "post" is a button in its own small form; "get" is a link styled as a button.
    method: str = "get"
    id: str = ""
    # "default" (the admin's primary button), "danger", or "" for a plain button.
    tone: str = ""


def optional_url(name, *args):
    """The URL named `name`, or None while no view has that name (built by another change)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _act(version, action):
    return reverse("admin:articles_articleversion_act", args=[version.pk, action])


def build(version, user, actions, *, has_warnings=False):
    """The bar for `version` as `user` sees it: {"buttons", "links", "notes"}.

    `actions` is `permissions.allowed_actions(version, user)`; `has_warnings` sends "Submit for
    review" through its confirmation page, which lists the warnings first.
    """
    buttons = []
    if actions["submit"]:
        if has_warnings:
            url = reverse("admin:articles_articleversion_confirm_submit", args=[version.pk])
            buttons.append(Item("Submit for review…", url, "get", "submit-saved", "default"))
        else:
            url = _act(version, "submit")
            buttons.append(Item("Submit for review", url, "post", "submit-saved", "default"))
    if not version.is_open and actions["edit"]:
        buttons.append(
            Item("Edit (start a new draft)", _act(version, "edit"), "post", "edit-guide")
        )
    if actions["restore"]:
        buttons.append(Item("Restore as a new draft", _act(version, "restore"), "post", "restore"))
    if actions["share"] and (
        url := optional_url("admin:articles_articleversion_share", version.pk)
    ):
        buttons.append(Item("Share preview link", url, "post", "share-preview"))
    if actions["unpublish"] and (
        url := optional_url("admin:articles_article_unpublish", version.article_id)
    ):
        buttons.append(Item("Take down…", url, "get", "take-down", "danger"))
    if actions["discard"]:
        buttons.append(
            Item("Discard this version", _act(version, "discard"), "post", "discard", "danger")
        )

    decides = actions["approve"] or actions["request_changes"]
    links = [
        Item(
            "Review: approve or send back" if decides else "Changes",
            reverse("admin:articles_articleversion_review", args=[version.pk]),
            id="review-link",
            tone="default" if decides else "",
        ),
        Item(
            "Preview",
            reverse("admin:articles_articleversion_preview", args=[version.pk]),
            id="preview-link",
        ),
        Item(
            "History",
            reverse("admin:articles_articleversion_guide_history", args=[version.article_id]),
            id="history-link",
        ),
    ]
    return {"buttons": buttons, "links": links, "notes": _notes(version, user, actions)}


def _notes(version, user, actions):
    """Why the action this version's state calls for is missing, when this person would look
    for it. Refusals that only repeat the state ("you can submit only a draft") are left out."""
    reasons = []
    if version.state == State.DRAFT:
        reasons.append(actions["submit"])
    elif version.state == State.IN_REVIEW:
        if actions["save"]:
            # The writer's own version: "Submitted for review: waiting for a reviewer."
            reasons.append(actions["submit"])
        if permissions.can_review(user) or not actions["save"]:
            # A reviewer who may not decide (four-eyes, no Person), or a reader who is not one.
            reasons.append(actions["approve"])
    elif not version.is_open:
        reasons.append(actions["edit"])
        if actions["edit"] and version.state in (State.ARCHIVED, State.DISCARDED):
            reasons.append(actions["restore"])
    return list(dict.fromkeys(answer.reason for answer in reasons if not answer))


def sent_back(version):
    """The reviewer's send-back (a Transition with its comment) that this draft answers, or None.

    Shown on the draft until it is submitted again: then the latest step out of review is no
    longer a send-back. An edit after submission also steps back to draft, without a reviewer's
    comment (workflow.EDITED_AFTER_SUBMIT), and answers nothing.
    """
    if version.state != State.DRAFT:
        return None
    last = (
        version.transitions.filter(from_state=State.IN_REVIEW)
        .select_related("by__person")
        .order_by("-at", "-id")
        .first()
    )
    if last is None or last.to_state != State.DRAFT:
        return None
    if not last.comment or last.comment == workflow.EDITED_AFTER_SUBMIT:
        return None
    return last
