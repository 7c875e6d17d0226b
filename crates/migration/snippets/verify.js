const crypto = require('crypto');

// rawBody: the request body exactly as received, as a Buffer (for example express.raw()),
// never JSON.stringify(req.body). header: the Calendly-Webhook-Signature header.
function verifyCalendly(rawBody, header, signingKey, toleranceSeconds = 180) {
  const parts = Object.fromEntries((header || '').split(',').map(p => {
    const i = p.indexOf('=');
    return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
  }));
  if (!/^[0-9]+$/.test(parts.t || '') || !parts.v1) return false;
  const expected = crypto.createHmac('sha256', signingKey).update(parts.t + '.').update(rawBody).digest('hex');
  const a = Buffer.from(expected), b = Buffer.from(parts.v1);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return false;
  return Math.abs(Date.now() / 1000 - Number(parts.t)) <= toleranceSeconds;
}
// Express: app.post('/calendly', express.raw({ type: 'application/json' }), (req, res) => {
//   if (!verifyCalendly(req.body, req.get('Calendly-Webhook-Signature'), process.env.CALENDLY_SIGNING_KEY)) return res.sendStatus(400);
//   res.sendStatus(200); /* then handle JSON.parse(req.body) */ });
