//! serde hands no context to `Serialize` or `Deserialize`, so the compact
//! form's switches (every field written, the string table) are thread-local
//! values set for the length of one call.

use std::cell::Cell;
use std::thread::LocalKey;

/// Runs `f` with the thread-local `cell` holding `value`, and puts back
/// what it held before when `f` returns or panics, so calls may nest.
pub(crate) fn with_cell<T: Copy + 'static, R>(
    cell: &'static LocalKey<Cell<T>>,
    value: T,
    f: impl FnOnce() -> R,
) -> R {
    struct Restore<T: Copy + 'static>(&'static LocalKey<Cell<T>>, T);
    impl<T: Copy + 'static> Drop for Restore<T> {
        fn drop(&mut self) {
            self.0.with(|c| c.set(self.1));
        }
    }
    let _restore = Restore(cell, cell.with(|c| c.replace(value)));
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static FLAG: Cell<u8> = const { Cell::new(0) };
    }

    #[test]
    fn the_value_holds_inside_and_is_put_back_after_nesting_and_panics() {
        with_cell(&FLAG, 1, || {
            assert_eq!(FLAG.with(Cell::get), 1);
            with_cell(&FLAG, 2, || assert_eq!(FLAG.with(Cell::get), 2));
            assert_eq!(FLAG.with(Cell::get), 1);
        });
        assert_eq!(FLAG.with(Cell::get), 0);
        let caught = std::panic::catch_unwind(|| with_cell(&FLAG, 3, || panic!("inside")));
        assert!(caught.is_err());
        assert_eq!(FLAG.with(Cell::get), 0);
    }
}
