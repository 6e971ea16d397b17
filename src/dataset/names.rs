//! A table of distinct names (journeys, touch points, channels), each stored once.

/// A table of distinct names, each stored once; ids are dense, in order of
/// first appearance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    names: Vec<String>,
    index: std::collections::HashMap<String, u32>,
}

impl Names {
    /// The id of `name`, adding it if new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), id);
        id
    }

    /// The id of `name`, if present.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// The name of `id` (empty for an unknown id).
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map(String::as_str).unwrap_or("")
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there are no names.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Bytes of memory held (names, and the index while it exists).
    pub fn heap_bytes(&self) -> usize {
        let strings: usize = self.names.iter().map(String::capacity).sum();
        self.names.capacity() * std::mem::size_of::<String>()
            + strings * 2
            + self.index.capacity() * (std::mem::size_of::<(String, u32)>() + 1)
    }

    /// All names, by id.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.names.iter().map(String::as_str)
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
        assert_eq!(names.name(1), "b");
        assert_eq!(names.get("b"), Some(1));
        assert_eq!(names.get("c"), None);
        assert_eq!(names.len(), 2);
    }
}
