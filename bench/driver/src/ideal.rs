//! The floors a migration run is measured against. A safe run needs, per scope it writes
//! to, the pages of one listing before its first create (to find what already exists),
//! then one create per webhook; no listing after, since Calendly's 201 confirms each
//! create (a listing follows only an answer that was lost, and the runs measured lose
//! none). The shortest such a run can take: the listing pages one after the other, then
//! the creates, at most `in_flight` at a time, each taking the added latency, and never
//! more requests in a rate-limit window than its limit (a fixed window that starts with
//! the first request, as the simulator's does).

/// What bounds a run.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub latency_ms: f64,
    pub in_flight: usize,
    pub per_window: u32,
    pub window_ms: f64,
}

/// Requests of a safe run that creates `creates` webhooks in one scope that has
/// `existing` subscriptions: the listing's pages (100 per page, at least one) and the
/// creates.
pub fn requests_floor(existing: usize, creates: usize) -> usize {
    list_pages(existing) + creates
}

pub fn list_pages(existing: usize) -> usize {
    existing.div_ceil(100).max(1)
}

/// The shortest wall time of such a run, in milliseconds.
pub fn wall_floor_ms(list_pages: usize, creates: usize, limits: Limits) -> f64 {
    let mut window = Window {
        start: 0.0,
        used: 0,
        limits,
    };
    let mut t = 0.0;
    for _ in 0..list_pages {
        t = window.admit(t) + limits.latency_ms;
    }
    let listed = t;
    let mut slots = vec![listed; limits.in_flight.max(1)];
    let mut end = listed;
    for _ in 0..creates {
        // The slot that frees first; starts are non-decreasing, as the window needs.
        let (i, free) = slots
            .iter()
            .copied()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("at least one slot");
        let done = window.admit(free) + limits.latency_ms;
        slots[i] = done;
        end = end.max(done);
    }
    end
}

struct Window {
    start: f64,
    used: u32,
    limits: Limits,
}

impl Window {
    /// When a request ready at `t` may start.
    fn admit(&mut self, t: f64) -> f64 {
        let length = self.limits.window_ms;
        if t >= self.start + length {
            self.start += ((t - self.start) / length).floor() * length;
            self.used = 0;
        }
        if self.used < self.limits.per_window {
            self.used += 1;
            return t;
        }
        self.start += length;
        self.used = 1;
        self.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAID: Limits = Limits {
        latency_ms: 150.0,
        in_flight: 8,
        per_window: 500,
        window_ms: 60_000.0,
    };

    #[test]
    fn a_small_run_is_one_listing_then_rounds_of_eight() {
        assert_eq!(requests_floor(1, 10), 11);
        assert_eq!(wall_floor_ms(1, 10, PAID), 150.0 + 2.0 * 150.0);
        assert_eq!(wall_floor_ms(1, 100, PAID), 150.0 + 13.0 * 150.0);
        assert_eq!(wall_floor_ms(1, 8, PAID), 300.0);
    }

    #[test]
    fn a_listing_of_more_than_a_hundred_takes_more_pages() {
        assert_eq!(list_pages(0), 1);
        assert_eq!(list_pages(100), 1);
        assert_eq!(list_pages(101), 2);
        assert_eq!(wall_floor_ms(2, 1, PAID), 450.0);
    }

    #[test]
    fn past_the_limit_the_rest_waits_for_the_next_window() {
        // The listing and 499 creates fit in the first minute; the last create waits.
        assert_eq!(requests_floor(1, 500), 501);
        assert_eq!(wall_floor_ms(1, 500, PAID), 60_000.0 + 150.0);
        let tight = Limits {
            per_window: 10,
            ..PAID
        };
        // 1 + 45 requests at 10 a minute: the last five start in the fifth minute.
        assert_eq!(wall_floor_ms(1, 45, tight), 4.0 * 60_000.0 + 150.0);
    }
}
