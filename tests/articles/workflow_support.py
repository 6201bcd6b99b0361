"""Roles shared by the workflow service tests (their guide and drafts are in conftest.py)."""

EDITING_ROLES_ALLOWED = ["writer", "editor", "superuser"]
EDITING_ROLES_REFUSED = ["anonymous", "staff", "reviewer"]
REVIEW_ROLES_ALLOWED = ["reviewer", "superuser"]
REVIEW_ROLES_REFUSED = ["anonymous", "staff", "writer", "editor"]


def user_for(request, role):
    return request.getfixturevalue(role)
