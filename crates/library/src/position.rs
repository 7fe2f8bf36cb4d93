//! The position model: where the body is during an exercise, and what it
//! takes to go from one position to the next.
//!
//! Pure and small, so every part of the program asks the same thing: the
//! planner orders a day of severe pain to change position as little as
//! possible, the run gives a get-ready time that follows the change
//! ([`transition_seconds`]), and what a person can do (getting down to the
//! floor and up again) is read from [`Transition::gets_down`] and
//! [`Position::is_floor`].
//!
//! The positions are the library's own ([`Position`]): standing, sitting
//! (on a chair), sitting on the floor, on the floor on the back, front or side, kneeling, on all
//! fours, and the two on equipment (hanging from a bar, inverted on a
//! table). They fall into three levels ([`Level`]): upright, on the floor,
//! and on equipment. The seconds a change takes:
//!
//! | change | usual | slower |
//! |---|---|---|
//! | none (the same position, or the other side) | 5 | 5 |
//! | standing and sitting | 10 | 15 |
//! | within the floor (rolling over, onto hands and knees) | 10 | 15 |
//! | down to the floor, or up from it | 20 | 30 |
//! | onto or off a bar | 15 | 20 |
//! | onto or off an inversion table | 30 | 45 |
//!
//! The slower pace is for a person from 65 ([`SLOWER_FROM_AGE`]) or one
//! who finds getting down to the floor hard ([`Pace::for_person`]).

use crate::model::Position;

/// Seconds to get ready when nothing changes: the same position again, or
/// the other side of the same exercise.
pub const SAME_SECONDS: u32 = 5;

/// From this age every change of position is given more time.
pub const SLOWER_FROM_AGE: u32 = 65;

/// How high the body is, which decides what a change costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// Standing or sitting on a chair.
    Upright,
    /// Kneeling, on all fours, or lying on the back, front or side.
    Floor,
    /// On a bar or an inversion table.
    Equipment,
}

impl Position {
    /// Its level: upright, on the floor, or on equipment.
    pub fn level(self) -> Level {
        match self {
            Position::Standing | Position::Sitting => Level::Upright,
            Position::SittingOnFloor
            | Position::Kneeling
            | Position::AllFours
            | Position::OnBack
            | Position::OnFront
            | Position::OnSide => Level::Floor,
            Position::Hanging | Position::Inverted => Level::Equipment,
        }
    }

    /// Whether the body is down on the floor (kneeling counts): getting
    /// into it from standing or a chair means getting down, and out of it
    /// getting up again.
    pub fn is_floor(self) -> bool {
        self.level() == Level::Floor
    }

    /// Whether it is lying down (on the back, front or side).
    pub fn is_lying(self) -> bool {
        matches!(
            self,
            Position::OnBack | Position::OnFront | Position::OnSide
        )
    }

    /// In plain words, read after "get ready": "lying on your back".
    pub fn words(self) -> &'static str {
        match self {
            Position::Standing => "standing",
            Position::Sitting => "sitting on a chair",
            Position::SittingOnFloor => "sitting on the floor",
            Position::Kneeling => "kneeling",
            Position::AllFours => "on your hands and knees",
            Position::OnBack => "lying on your back",
            Position::OnFront => "lying face down",
            Position::OnSide => "lying on your side",
            Position::Hanging => "hanging from a bar",
            Position::Inverted => "on the inversion table",
        }
    }
}

/// How quickly a person changes position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Pace {
    #[default]
    Usual,
    /// From 65, or when getting down to the floor is hard: every change
    /// is given more time.
    Slower,
}

impl Pace {
    /// The pace for a person of `age` (when known) who does or does not
    /// find getting down to the floor hard.
    pub fn for_person(age: Option<u32>, floor_is_hard: bool) -> Pace {
        if floor_is_hard || age.is_some_and(|a| a >= SLOWER_FROM_AGE) {
            Pace::Slower
        } else {
            Pace::Usual
        }
    }
}

/// One change of position, as the table in the module's documentation
/// describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub from: Position,
    pub to: Position,
    /// Seconds to allow for it, including a moment to settle.
    pub seconds: u32,
    /// The positions passed through on the way, `from` and `to` included
    /// (standing, kneeling, all fours, lying face down): how to get there.
    pub through: Vec<Position>,
    /// It goes from upright (or equipment) down to the floor.
    pub gets_down: bool,
    /// It comes up from the floor.
    pub gets_up: bool,
}

impl Transition {
    /// Whether anything changes at all.
    pub fn is_change(&self) -> bool {
        self.from != self.to
    }

    /// How many moves it takes (0 for none): standing to lying face down is
    /// three (down to kneeling, onto the hands, down onto the front).
    pub fn moves(&self) -> usize {
        self.through.len().saturating_sub(1)
    }
}

/// The moves the body can make in one go, both ways: the edges of the
/// position graph. Lying down goes through kneeling and all fours or
/// sitting on the floor and the side; it is kept to what a physiotherapist
/// would teach for getting down and up safely.
const MOVES: [(Position, Position); 11] = [
    (Position::Standing, Position::Sitting),
    (Position::Standing, Position::Kneeling),
    (Position::Kneeling, Position::AllFours),
    (Position::AllFours, Position::OnFront),
    (Position::AllFours, Position::OnSide),
    (Position::OnSide, Position::OnBack),
    (Position::OnSide, Position::OnFront),
    (Position::Standing, Position::Hanging),
    (Position::Standing, Position::Inverted),
    // Last, so the ways above stay the shortest found among equals:
    // kneeling, sitting down to one side, and lowering onto the side.
    (Position::Kneeling, Position::SittingOnFloor),
    (Position::SittingOnFloor, Position::OnSide),
];

fn neighbours(p: Position) -> impl Iterator<Item = Position> {
    MOVES.iter().filter_map(move |&(a, b)| {
        if a == p {
            Some(b)
        } else if b == p {
            Some(a)
        } else {
            None
        }
    })
}

/// The shortest way from `from` to `to` through the position graph,
/// both ends included (a breadth-first search over ten positions).
pub fn path(from: Position, to: Position) -> Vec<Position> {
    let mut came_from: Vec<(Position, Position)> = vec![(from, from)];
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(p) = queue.pop_front() {
        if p == to {
            break;
        }
        for n in neighbours(p) {
            if !came_from.iter().any(|&(q, _)| q == n) {
                came_from.push((n, p));
                queue.push_back(n);
            }
        }
    }
    let mut out = vec![to];
    let mut at = to;
    while at != from {
        // Every position is reachable: the graph is connected (a test
        // says so), so the walk back always ends at `from`.
        let Some(&(_, prev)) = came_from.iter().find(|&&(q, _)| q == at) else {
            return vec![from, to];
        };
        out.push(prev);
        at = prev;
    }
    out.reverse();
    out
}

/// Seconds to allow for going from `from` to `to` at `pace`: the table in
/// the module's documentation. The same position (or switching sides)
/// takes [`SAME_SECONDS`].
pub fn transition_seconds(from: Position, to: Position, pace: Pace) -> u32 {
    let slower = pace == Pace::Slower;
    let pick = |usual: u32, slow: u32| if slower { slow } else { usual };
    if from == to {
        return SAME_SECONDS;
    }
    if from == Position::Inverted || to == Position::Inverted {
        return pick(30, 45);
    }
    if from == Position::Hanging || to == Position::Hanging {
        return pick(15, 20);
    }
    match (from.level(), to.level()) {
        (Level::Upright, Level::Upright) | (Level::Floor, Level::Floor) => pick(10, 15),
        _ => pick(20, 30),
    }
}

/// The change from `from` to `to` at `pace`, with the way through.
pub fn transition(from: Position, to: Position, pace: Pace) -> Transition {
    Transition {
        from,
        to,
        seconds: transition_seconds(from, to, pace),
        through: path(from, to),
        gets_down: !from.is_floor() && to.is_floor(),
        gets_up: from.is_floor() && !to.is_floor(),
    }
}

/// Seconds spent changing position over `positions` in this order, from
/// `start` (where the person is before the first).
pub fn total_seconds(start: Position, positions: &[Position], pace: Pace) -> u32 {
    let mut at = start;
    let mut total = 0;
    for &p in positions {
        total += transition_seconds(at, p, pace);
        at = p;
    }
    total
}

/// An order of `positions` (indices into it) that changes position as
/// little as possible, starting from `start`: the least [`total_seconds`],
/// and among equals the order closest to the given one. Exact (every order
/// is tried) up to [`EXACT_UP_TO`] positions, which covers a day of severe
/// pain; longer lists keep each position's first appearance and gather
/// the rest behind it, which never costs more than the given order.
pub fn fewest_changes(start: Position, positions: &[Position], pace: Pace) -> Vec<usize> {
    let n = positions.len();
    let given: Vec<usize> = (0..n).collect();
    if n > EXACT_UP_TO {
        let mut order: Vec<usize> = Vec::with_capacity(n);
        for i in 0..n {
            if order.iter().any(|&j| positions[j] == positions[i]) {
                continue;
            }
            order.extend((i..n).filter(|&j| positions[j] == positions[i]));
        }
        let cost = |o: &[usize]| {
            let ps: Vec<Position> = o.iter().map(|&i| positions[i]).collect();
            total_seconds(start, &ps, pace)
        };
        return if cost(&order) <= cost(&given) {
            order
        } else {
            given
        };
    }
    let mut best = given.clone();
    let mut best_cost = u32::MAX;
    let mut current = given.clone();
    each_order(&mut current, 0, &mut |order| {
        let ps: Vec<Position> = order.iter().map(|&i| positions[i]).collect();
        let cost = total_seconds(start, &ps, pace);
        // Permutations come in an order where the given order is first;
        // only a strictly cheaper one replaces it, and among equals the
        // one with fewer pairs out of the given order.
        if cost < best_cost || (cost == best_cost && inversions(order) < inversions(&best)) {
            best_cost = cost;
            best = order.to_vec();
        }
    });
    best
}

/// Every order is tried for this many positions or fewer (720 orders).
pub const EXACT_UP_TO: usize = 6;

/// Calls `f` with every order of `items[k..]` (the given order first).
pub fn each_order(items: &mut [usize], k: usize, f: &mut impl FnMut(&[usize])) {
    if k == items.len() {
        f(items);
        return;
    }
    for i in k..items.len() {
        items.swap(k, i);
        each_order(items, k + 1, f);
        items.swap(k, i);
    }
}

/// Pairs out of their given order: how far an order is from the given one.
fn inversions(order: &[usize]) -> usize {
    let mut n = 0;
    for i in 0..order.len() {
        for j in i + 1..order.len() {
            if order[i] > order[j] {
                n += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use Position::*;

    #[test]
    fn every_position_reaches_every_other_and_the_way_is_symmetric() {
        for a in Position::ALL {
            for b in Position::ALL {
                let p = path(a, b);
                assert_eq!(p.first(), Some(&a));
                assert_eq!(p.last(), Some(&b));
                let back: Vec<Position> = path(b, a).into_iter().rev().collect();
                assert_eq!(p.len(), back.len(), "{a:?} -> {b:?}");
                // Each step of the way is one move of the graph.
                for w in p.windows(2) {
                    assert!(neighbours(w[0]).any(|n| n == w[1]), "{w:?}");
                }
                assert_eq!(
                    transition_seconds(a, b, Pace::Usual),
                    transition_seconds(b, a, Pace::Usual)
                );
            }
        }
    }

    #[test]
    fn seconds_follow_the_table() {
        let s = |a, b| transition_seconds(a, b, Pace::Usual);
        let slow = |a, b| transition_seconds(a, b, Pace::Slower);
        assert_eq!(s(OnBack, OnBack), 5);
        assert_eq!(slow(OnBack, OnBack), 5);
        assert_eq!(s(Standing, Sitting), 10);
        assert_eq!(s(OnBack, OnFront), 10);
        assert_eq!(s(Kneeling, AllFours), 10);
        assert_eq!(s(Standing, OnFront), 20);
        assert_eq!(s(OnSide, Sitting), 20);
        assert_eq!(slow(Standing, OnFront), 30);
        assert_eq!(s(Standing, Hanging), 15);
        assert_eq!(s(Inverted, OnBack), 30);
        // Slower is never quicker.
        for a in Position::ALL {
            for b in Position::ALL {
                assert!(slow(a, b) >= s(a, b));
            }
        }
    }

    #[test]
    fn getting_down_and_up_are_told_apart() {
        let t = transition(Standing, OnFront, Pace::Usual);
        assert!(t.gets_down && !t.gets_up && t.is_change());
        assert_eq!(t.through, vec![Standing, Kneeling, AllFours, OnFront]);
        assert_eq!(t.moves(), 3);
        let t = transition(OnBack, Sitting, Pace::Usual);
        assert!(t.gets_up && !t.gets_down);
        let t = transition(OnBack, OnSide, Pace::Usual);
        assert!(!t.gets_up && !t.gets_down);
        assert_eq!(transition(Sitting, Sitting, Pace::Usual).moves(), 0);
        // Sitting on the floor is on the floor, not on a chair.
        let t = transition(Sitting, SittingOnFloor, Pace::Usual);
        assert!(t.gets_down && !t.gets_up);
        assert_eq!(t.through, vec![Sitting, Standing, Kneeling, SittingOnFloor]);
        assert!(SittingOnFloor.is_floor() && !SittingOnFloor.is_lying());
    }

    #[test]
    fn pace_is_slower_from_65_or_when_the_floor_is_hard() {
        assert_eq!(Pace::for_person(None, false), Pace::Usual);
        assert_eq!(Pace::for_person(Some(64), false), Pace::Usual);
        assert_eq!(Pace::for_person(Some(65), false), Pace::Slower);
        assert_eq!(Pace::for_person(Some(30), true), Pace::Slower);
    }

    #[test]
    fn fewest_changes_gathers_positions_and_keeps_order_among_equals() {
        // Lying, standing, lying face down, lying: a severe day as it was.
        let ps = [OnBack, Standing, OnFront, OnBack];
        let order = fewest_changes(OnBack, &ps, Pace::Usual);
        let ordered: Vec<Position> = order.iter().map(|&i| ps[i]).collect();
        assert_eq!(ordered, vec![OnBack, OnBack, OnFront, Standing]);
        assert!(
            total_seconds(OnBack, &ordered, Pace::Usual) < total_seconds(OnBack, &ps, Pace::Usual)
        );
        // Already the best: the given order stays.
        let ps = [OnBack, OnBack, Standing];
        assert_eq!(fewest_changes(OnBack, &ps, Pace::Usual), vec![0, 1, 2]);
        // Long lists gather by first appearance and never cost more.
        let ps = [
            OnBack, Standing, OnBack, Sitting, Standing, OnFront, OnBack, Sitting,
        ];
        let order = fewest_changes(Standing, &ps, Pace::Usual);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..ps.len()).collect::<Vec<_>>());
        let ordered: Vec<Position> = order.iter().map(|&i| ps[i]).collect();
        assert!(
            total_seconds(Standing, &ordered, Pace::Usual)
                <= total_seconds(Standing, &ps, Pace::Usual)
        );
    }
}
