"""What each recorded read of a person's data was, in words a worker and the person read: the
access log stores the route's path template (or a command's name), never what was shown."""

from __future__ import annotations

#: The views a read of a person's data is recorded under, and what was read through each.
VIEW_WORDS = {
    # The pages
    "/people/{person_id}": "their page: care plan, strengths and values",
    "/people/{person_id}/print": "the copy of their care plan to print",
    "/people/{person_id}/timeline": "their timeline",
    "/people/{person_id}/supervision": "the replay of their journey, for supervision",
    "/people/{person_id}/values": "their values and treatment preferences",
    "/people/{person_id}/values/new": "the form to record a value",
    "/people/{person_id}/values/decline": "the form to record an area they declined",
    "/people/{person_id}/strengths/new": "the form to record a strength",
    "/people/{person_id}/goals/new": "the form to record a goal",
    "/people/{person_id}/review": "their review: what happened since the last one",
    "/people/{person_id}/review/new": "the form to record a review",
    "/people/{person_id}/access-log": "this list of who read their record",
    "/goals/{goal_id}": "one of their goals and its steps",
    "/goals/{goal_id}/grow": "the coaching conversation of one of their goals",
    "/goals/{goal_id}/links": "the values and strengths one of their goals builds on",
    "/goals/{goal_id}/reframe": "the form to reframe one of their goals",
    "/goals/{goal_id}/pause": "the form to pause one of their goals",
    "/goals/{goal_id}/resume": "the form to resume one of their goals",
    "/goals/{goal_id}/achieve": "the form to record one of their goals achieved",
    "/goals/{goal_id}/discontinue": "the form to discontinue one of their goals",
    "/goals/{goal_id}/steps/new": "the form to plan a step towards one of their goals",
    "/steps/{step_id}/start": "the form to start one of their steps",
    "/steps/{step_id}/complete": "the form to complete one of their steps",
    "/steps/{step_id}/drop": "the form to drop one of their steps",
    "/steps/{step_id}/reschedule": "the form to reschedule one of their steps",
    "/steps/{step_id}/mode": "the form to change how one of their steps is taken",
    "/teams/{team_id}/audit": "the team audit, which lists them",
    # The API, for other systems and scripts
    "/api/v1/people/{person_id}": "their profile",
    "/api/v1/people/{person_id}/care-plan": "their care plan",
    "/api/v1/people/{person_id}/care-plan/diff": "what changed in their care plan",
    "/api/v1/people/{person_id}/timeline": "their timeline",
    "/api/v1/people/{person_id}/replay": "the replay of their journey",
    "/api/v1/people/{person_id}/review-pack": "their review pack",
    "/api/v1/people/{person_id}/strengths-worksheet": "their strengths worksheet",
    "/api/v1/people/{person_id}/conversations": "their coaching conversations",
    "/api/v1/people/{person_id}/supervision-notes": "the supervision notes about them",
    "/api/v1/people/{person_id}/export": "everything held about them (a subject access export)",
    "/api/v1/people/{person_id}/access-log": "the list of who read their record",
    "/api/v1/goals/{goal_id}": "one of their goals",
    "/api/v1/steps/{step_id}": "one of their steps",
    "/api/v1/events": "their events, from the event feed",
    "/api/v1/teams/{team_id}/audit": "the team audit, which lists them",
    # Commands run on the server
    "refocus replay": "the replay of their journey",
    "refocus export-person": "everything held about them (a subject access export)",
}


def what_was_read(view: str) -> str:
    """The read in words; a view not named here (a route added since) as it was recorded."""
    return VIEW_WORDS.get(view, view)


def read_through(view: str) -> str:
    """Where the read was made: the pages, the API, or a command on the server."""
    if view.startswith("/api/"):
        return "the API"
    if view.startswith("/"):
        return "the pages"
    return "the server"
