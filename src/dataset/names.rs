//! A table of distinct names (journeys, touch points, channels), each stored
//! once: the names one after another in one text buffer, and a hash table
//! of bare ids (keyed by the names' bytes) to find them.

use foldhash::fast::FixedState;
use hashbrown::HashTable;
use std::hash::{BuildHasher, Hasher};

/// The hash of a name's bytes (fixed seed: the same on every run).
#[inline]
fn hash(bytes: &[u8]) -> u64 {
    let mut h = FixedState::with_seed(0x7007_c401_5eed).build_hasher();
    h.write(bytes);
    h.finish()
}

/// Byte strings equal, without a library call for short ones.
#[inline]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() <= 16 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    a == b
}

/// A table of distinct names, each stored once; ids are dense, in order of
/// first appearance.
#[derive(Clone, Default)]
pub struct Names {
    /// Every name, one after another.
    text: String,
    /// End of name `id` in `text` (its start is the previous end).
    ends: Vec<u32>,
    /// Ids, found by the hash of their name.
    index: HashTable<u32>,
    /// A name did not fit.
    full: bool,
}

/// The id given to a name that does not fit (more than 4 GiB of names in
/// one table); its name is empty. [`Names::is_full`] tells.
pub const NO_ROOM: u32 = u32::MAX;

impl Names {
    /// The id of `name`, adding it if new.
    pub fn intern(&mut self, name: &str) -> u32 {
        let h = hash(name.as_bytes());
        if let Some(&id) = self.find(h, name.as_bytes()) {
            return id;
        }
        self.insert(h, name)
    }

    /// The id of the name spelled by `bytes`, adding it if new. Bytes that
    /// are not UTF-8 are stored with U+FFFD for the bad sequences (the
    /// ingest decodes such fields before).
    pub fn intern_bytes(&mut self, bytes: &[u8]) -> u32 {
        let h = hash(bytes);
        if let Some(&id) = self.find(h, bytes) {
            return id;
        }
        match std::str::from_utf8(bytes) {
            Ok(name) => self.insert(h, name),
            Err(_) => self.intern(&String::from_utf8_lossy(bytes)),
        }
    }

    fn find(&self, h: u64, bytes: &[u8]) -> Option<&u32> {
        self.index.find(h, |&id| same(self.bytes_of(id), bytes))
    }

    fn insert(&mut self, h: u64, name: &str) -> u32 {
        let end = self.text.len() + name.len();
        let (Ok(end), Ok(id)) = (u32::try_from(end), u32::try_from(self.ends.len())) else {
            self.full = true;
            return NO_ROOM;
        };
        if id == NO_ROOM {
            self.full = true;
            return NO_ROOM;
        }
        self.text.push_str(name);
        self.ends.push(end);
        let (text, ends) = (&self.text, &self.ends);
        self.index.insert_unique(h, id, |&other| hash(slice(text, ends, other).as_bytes()));
        id
    }

    #[inline]
    fn bytes_of(&self, id: u32) -> &[u8] {
        slice(&self.text, &self.ends, id).as_bytes()
    }

    /// The id of `name`, if present.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.find(hash(name.as_bytes()), name.as_bytes()).copied()
    }

    /// The name of `id` (empty for an unknown id).
    pub fn name(&self, id: u32) -> &str {
        slice(&self.text, &self.ends, id)
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there are no names.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// True when a name did not fit (see [`NO_ROOM`]).
    pub fn is_full(&self) -> bool {
        self.full
    }

    /// All names, by id.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.ends.len() as u32).map(move |id| self.name(id))
    }

    /// Gives back the text's and ends' spare capacity.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Bytes of memory held: the text, the ends and the index.
    pub fn heap_bytes(&self) -> usize {
        // hashbrown keeps one control byte per bucket beside each 4-byte id.
        self.text.capacity() + self.ends.capacity() * 4 + self.index.capacity() * 5 * 8 / 7
    }
}

/// A small direct-mapped cache in front of a [`Names`] table, for a column
/// with few distinct names (touch points, channels): a hit costs one
/// comparison and no hashing.
#[derive(Debug, Clone)]
pub(crate) struct NameCache {
    slots: [u32; 64],
}

impl Default for NameCache {
    fn default() -> NameCache {
        NameCache { slots: [NO_ROOM; 64] }
    }
}

impl NameCache {
    /// The id of `bytes` in `names`, interning it when new.
    #[inline]
    pub fn intern(&mut self, names: &mut Names, bytes: &[u8]) -> u32 {
        let n = bytes.len();
        let key = match bytes {
            [] => 0,
            [first, ..] => {
                n * 7 + *first as usize * 3 + bytes[n - 1] as usize + bytes[n / 2] as usize * 5
            }
        } & 63;
        let id = self.slots[key];
        if id != NO_ROOM && same(names.bytes_of(id), bytes) {
            return id;
        }
        let id = names.intern_bytes(bytes);
        self.slots[key] = id;
        id
    }
}

/// Name `id` of a table's text and ends (empty for an unknown id).
fn slice<'a>(text: &'a str, ends: &[u32], id: u32) -> &'a str {
    let id = id as usize;
    let Some(&end) = ends.get(id) else { return "" };
    let start = if id == 0 { 0 } else { ends[id - 1] as usize };
    text.get(start..end as usize).unwrap_or("")
}

impl PartialEq for Names {
    fn eq(&self, other: &Names) -> bool {
        self.text == other.text && self.ends == other.ends
    }
}

impl std::fmt::Debug for Names {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_intern_once() {
        let mut names = Names::default();
        assert_eq!(names.intern("a"), 0);
        assert_eq!(names.intern("b"), 1);
        assert_eq!(names.intern("a"), 0);
        assert_eq!(names.intern_bytes(b"b"), 1);
        assert_eq!(names.intern_bytes("café".as_bytes()), 2);
        assert_eq!(names.intern_bytes(b"caf\xe9"), 3);
        assert_eq!(names.name(3), "caf\u{fffd}");
        assert_eq!(names.name(1), "b");
        assert_eq!(names.name(9), "");
        assert_eq!(names.get("b"), Some(1));
        assert_eq!(names.get("c"), None);
        assert_eq!(names.len(), 4);
        assert_eq!(names.iter().collect::<Vec<_>>(), ["a", "b", "café", "caf\u{fffd}"]);
        let many: Vec<u32> = (0..10_000).map(|i| names.intern(&format!("n{i}"))).collect();
        assert!(many.iter().enumerate().all(|(i, &id)| names.name(id) == format!("n{i}")));
        assert!(!names.is_full());
    }
}
