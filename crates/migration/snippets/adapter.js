// Turns a V2 Calendly delivery (invitee.created, invitee.canceled, invitee_no_show.*) into
// the old v1 shape, so code written for the old webhooks keeps working while it is being
// rewritten. No dependencies. Values V2 no longer sends (the event type's slug, kind and
// owner, the *_pretty texts, the other booking's details on a reschedule) are null.
// Use it after checking the signature:
//   const v1 = calendlyV2ToV1(JSON.parse(rawBody)); if (v1) handleOldWebhook(v1);
function calendlyV2ToV1(delivery) {
  const isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v);
  const get = (o, k) => (isObject(o) && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : null);
  const list = v => (Array.isArray(v) ? v : []);
  const lastPart = v => (typeof v === 'string' ? v.split('/').pop() : null);
  const seconds = text => {
    const ok = typeof text === 'string' && text.length >= 20 && text.endsWith('Z') &&
      /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}/.test(text);
    if (!ok) return null;
    const n = (a, b) => Number(text.slice(a, b));
    let [y, m, d] = [n(0, 4), n(5, 7), n(8, 10)];
    if (m < 1 || m > 12 || d < 1 || d > 31) return null;
    y = m <= 2 ? y - 1 : y;
    const era = Math.floor(y / 400), yoe = y - era * 400;
    const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
    const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
    return days * 86400 + n(11, 13) * 3600 + n(14, 16) * 60 + n(17, 19);
  };
  // "…/scheduled_events/EVENT/invitees/INVITEE" holds both IDs.
  const ids = uri => {
    const p = typeof uri === 'string' ? uri.split('/') : [];
    const n = p.length;
    if (n < 4 || p[n - 2] !== 'invitees' || p[n - 4] !== 'scheduled_events' || !p[n - 1] || !p[n - 3]) return [null, null];
    return [{ uuid: p[n - 3] }, { uuid: p[n - 1] }];
  };

  const events = ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted'];
  if (!events.includes(get(delivery, 'event'))) return null;
  const p = get(delivery, 'payload');
  const se = get(p, 'scheduled_event');
  const cancellation = isObject(get(p, 'cancellation')) ? get(p, 'cancellation') : get(se, 'cancellation');
  const start = get(se, 'start_time'), end = get(se, 'end_time');
  const [s, e] = [seconds(start), seconds(end)];
  const members = list(get(se, 'event_memberships'));
  let location = get(se, 'location');
  if (isObject(location)) {
    const key = ['location', 'join_url'].find(k => get(location, k) !== null);
    location = key ? location[key] : null;
  }
  const pay = get(p, 'payment');
  const answers = list(get(p, 'questions_and_answers'));
  const responses = {};
  answers.forEach((qa, i) => {
    const position = get(qa, 'position');
    const n = Number.isInteger(position) && position >= 0 ? position + 1 : i + 1;
    responses[n + '_question'] = get(qa, 'question');
    responses[n + '_response'] = get(qa, 'answer');
  });
  const [oldEvent, oldInvitee] = ids(get(p, 'old_invitee'));
  const [newEvent, newInvitee] = ids(get(p, 'new_invitee'));
  return {
    event: delivery.event,
    time: get(delivery, 'created_at'),
    payload: {
      event_type: {
        uuid: lastPart(get(se, 'event_type')), kind: null, slug: null, name: get(se, 'name'),
        duration: s !== null && e !== null && e >= s ? Math.floor((e - s) / 60) : null, owner: null,
      },
      event: {
        uuid: lastPart(get(se, 'uri')),
        assigned_to: members.map(m => get(m, 'user_name')),
        extended_assigned_to: members.map(m => ({ name: get(m, 'user_name'), email: get(m, 'user_email'), primary: null })),
        start_time: start, start_time_pretty: null, invitee_start_time: start, invitee_start_time_pretty: null,
        end_time: end, end_time_pretty: null, invitee_end_time: end, invitee_end_time_pretty: null,
        created_at: get(se, 'created_at'),
        location,
        canceled: get(se, 'status') === 'canceled',
        canceler_name: get(cancellation, 'canceled_by'),
        cancel_reason: get(cancellation, 'reason'),
        canceled_at: get(cancellation, 'created_at'),
      },
      invitee: {
        uuid: lastPart(get(p, 'uri')),
        first_name: get(p, 'first_name'), last_name: get(p, 'last_name'), name: get(p, 'name'), email: get(p, 'email'),
        text_reminder_number: get(p, 'text_reminder_number'),
        timezone: get(p, 'timezone'),
        created_at: get(p, 'created_at'),
        is_reschedule: get(p, 'rescheduled'),
        payments: isObject(pay) ? [{
          id: get(pay, 'external_id'), provider: get(pay, 'provider'), amount: get(pay, 'amount'),
          currency: get(pay, 'currency'), terms: get(pay, 'terms'), successful: get(pay, 'successful'),
        }] : [],
        canceled: get(p, 'status') === 'canceled',
        canceler_name: get(cancellation, 'canceled_by'),
        cancel_reason: get(cancellation, 'reason'),
        canceled_at: get(cancellation, 'created_at'),
      },
      questions_and_answers: answers.map(qa => ({ question: get(qa, 'question'), answer: get(qa, 'answer') })),
      questions_and_responses: responses,
      tracking: get(p, 'tracking'),
      old_event: oldEvent, old_invitee: oldInvitee,
      new_event: newEvent, new_invitee: newInvitee,
    },
  };
}
