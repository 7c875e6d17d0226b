import re

# Turns a V2 Calendly delivery (invitee.created, invitee.canceled, invitee_no_show.*) into
# the old v1 shape, so code written for the old webhooks keeps working while it is being
# rewritten. No dependencies. Values V2 no longer sends (the event type's slug, kind and
# owner, the *_pretty texts, the other booking's details on a reschedule) are None.
# Use it after checking the signature:
#   v1 = calendly_v2_to_v1(json.loads(raw_body))
#   if v1 is not None: handle_old_webhook(v1)
def calendly_v2_to_v1(delivery):
    def get(o, k):
        return o.get(k) if isinstance(o, dict) else None

    def as_list(v):
        return v if isinstance(v, list) else []

    def last_part(v):
        return v.split("/")[-1] if isinstance(v, str) else None

    def seconds(text):
        if not (isinstance(text, str) and len(text) >= 20 and text.endswith("Z")
                and re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}", text, re.ASCII)):
            return None
        y, m, d = int(text[0:4]), int(text[5:7]), int(text[8:10])
        if not (1 <= m <= 12 and 1 <= d <= 31):
            return None
        y = y - 1 if m <= 2 else y
        era = y // 400
        yoe = y - era * 400
        doy = (153 * (m - 3 if m > 2 else m + 9) + 2) // 5 + d - 1
        days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
        return days * 86400 + int(text[11:13]) * 3600 + int(text[14:16]) * 60 + int(text[17:19])

    def ids(uri):
        # "…/scheduled_events/EVENT/invitees/INVITEE" holds both IDs.
        p = uri.split("/") if isinstance(uri, str) else []
        if len(p) < 4 or p[-2] != "invitees" or p[-4] != "scheduled_events" or not p[-1] or not p[-3]:
            return None, None
        return {"uuid": p[-3]}, {"uuid": p[-1]}

    events = ("invitee.created", "invitee.canceled", "invitee_no_show.created", "invitee_no_show.deleted")
    if get(delivery, "event") not in events:
        return None
    p = get(delivery, "payload")
    se = get(p, "scheduled_event")
    cancellation = get(p, "cancellation") if isinstance(get(p, "cancellation"), dict) else get(se, "cancellation")
    start, end = get(se, "start_time"), get(se, "end_time")
    s, e = seconds(start), seconds(end)
    members = as_list(get(se, "event_memberships"))
    location = get(se, "location")
    if isinstance(location, dict):
        location = next((location[k] for k in ("location", "join_url") if location.get(k) is not None), None)
    pay = get(p, "payment")
    answers = as_list(get(p, "questions_and_answers"))
    responses = {}
    for i, qa in enumerate(answers):
        position = get(qa, "position")
        n = position + 1 if type(position) is int and position >= 0 else i + 1
        responses["%d_question" % n] = get(qa, "question")
        responses["%d_response" % n] = get(qa, "answer")
    old_event, old_invitee = ids(get(p, "old_invitee"))
    new_event, new_invitee = ids(get(p, "new_invitee"))
    return {
        "event": delivery["event"],
        "time": get(delivery, "created_at"),
        "payload": {
            "event_type": {
                "uuid": last_part(get(se, "event_type")), "kind": None, "slug": None, "name": get(se, "name"),
                "duration": (e - s) // 60 if s is not None and e is not None and e >= s else None, "owner": None,
            },
            "event": {
                "uuid": last_part(get(se, "uri")),
                "assigned_to": [get(m, "user_name") for m in members],
                "extended_assigned_to": [
                    {"name": get(m, "user_name"), "email": get(m, "user_email"), "primary": None} for m in members
                ],
                "start_time": start, "start_time_pretty": None, "invitee_start_time": start, "invitee_start_time_pretty": None,
                "end_time": end, "end_time_pretty": None, "invitee_end_time": end, "invitee_end_time_pretty": None,
                "created_at": get(se, "created_at"),
                "location": location,
                "canceled": get(se, "status") == "canceled",
                "canceler_name": get(cancellation, "canceled_by"),
                "cancel_reason": get(cancellation, "reason"),
                "canceled_at": get(cancellation, "created_at"),
            },
            "invitee": {
                "uuid": last_part(get(p, "uri")),
                "first_name": get(p, "first_name"), "last_name": get(p, "last_name"), "name": get(p, "name"),
                "email": get(p, "email"),
                "text_reminder_number": get(p, "text_reminder_number"),
                "timezone": get(p, "timezone"),
                "created_at": get(p, "created_at"),
                "is_reschedule": get(p, "rescheduled"),
                "payments": [{
                    "id": get(pay, "external_id"), "provider": get(pay, "provider"), "amount": get(pay, "amount"),
                    "currency": get(pay, "currency"), "terms": get(pay, "terms"), "successful": get(pay, "successful"),
                }] if isinstance(pay, dict) else [],
                "canceled": get(p, "status") == "canceled",
                "canceler_name": get(cancellation, "canceled_by"),
                "cancel_reason": get(cancellation, "reason"),
                "canceled_at": get(cancellation, "created_at"),
            },
            "questions_and_answers": [{"question": get(qa, "question"), "answer": get(qa, "answer")} for qa in answers],
            "questions_and_responses": responses,
            "tracking": get(p, "tracking"),
            "old_event": old_event, "old_invitee": old_invitee,
            "new_event": new_event, "new_invitee": new_invitee,
        },
    }
