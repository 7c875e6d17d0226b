require 'openssl'

# raw_body: the request body exactly as received (Rails: request.raw_post, Sinatra:
# request.body.read), never a re-generated JSON. header: the Calendly-Webhook-Signature
# header (Rails: request.headers['Calendly-Webhook-Signature']).
def verify_calendly(raw_body, header, signing_key, tolerance = 180)
  parts = (header || '').split(',').map { |p| p.split('=', 2).map(&:strip) }.select { |p| p.size == 2 }.to_h
  t, v1 = parts['t'], parts['v1']
  return false unless t&.match?(/\A[0-9]+\z/) && v1 && !v1.empty?
  expected = OpenSSL::HMAC.hexdigest('SHA256', signing_key, "#{t}.".b + raw_body.b)
  return false unless OpenSSL.secure_compare(expected, v1) # constant time
  (Time.now.to_i - t.to_i).abs <= tolerance
end
