<?php
// $rawBody: the request body exactly as received, file_get_contents('php://input'), never
// json_encode(json_decode(...)). $header: $_SERVER['HTTP_CALENDLY_WEBHOOK_SIGNATURE'] ?? null.
function verify_calendly(string $rawBody, ?string $header, string $signingKey, int $tolerance = 180): bool
{
    $parts = [];
    foreach (explode(',', $header ?? '') as $part) {
        $pair = explode('=', $part, 2);
        if (count($pair) === 2) {
            $parts[trim($pair[0])] = trim($pair[1]);
        }
    }
    $t = $parts['t'] ?? '';
    $v1 = $parts['v1'] ?? '';
    if (!preg_match('/\A[0-9]+\z/', $t) || $v1 === '') {
        return false;
    }
    $expected = hash_hmac('sha256', $t . '.' . $rawBody, $signingKey);
    if (!hash_equals($expected, $v1)) { // constant time
        return false;
    }
    return abs(time() - (int) $t) <= $tolerance;
}
