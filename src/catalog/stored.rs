//! A loaded catalog kept beside a build's outputs, so that the next build does not parse it again.
//!
//! Parsing and checking the default catalog (3.6 MB of TOML and JSON, twelve thousand entities)
//! is the first thing every build waits for: 35–65 ms on two cores, a twentieth of a rebuild
//! that adds an episode to a large archive. The entities it yields depend only on the catalog
//! files and on podgraph itself, so a build stores them (postcard, a few milliseconds to read
//! back) under a key that hashes both: the program's version and this format, the code that
//! reads catalogs (hashed by `build.rs`, so that no change to it is read past), every catalog
//! file's name and contents, and whether the default catalog is in. A file whose key differs,
//! or that fails its checksum or cannot be decoded, is ignored and the catalog parsed again;
//! nothing is ever taken on trust that the files themselves would not give.

use std::hash::{BuildHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use super::{CATALOG_SOURCES_HASH, Catalog, CatalogError, Entity};

/// The stored catalog's name in a cache folder.
pub const STORED_CATALOG: &str = "catalog.bin";

/// Changing what is stored changes this (a change to how catalogs are read changes the key by
/// itself: see `build.rs`).
const FORMAT: u32 = 1;

/// Entities per chunk of `catalog.bin`: chunks are decoded side by side.
const CHUNK_ENTITIES: usize = 1024;

/// The length of `catalog.bin`'s header: `FORMAT`, the key, the checksum of the rest and the
/// number of chunks. Each chunk's length and bytes (the postcard of up to [`CHUNK_ENTITIES`]
/// entities) follow, all integers little-endian. Chunks, so that reading it back uses every
/// core: decoding twelve thousand entities, with their allocations, is most of its time.
const HEADER: usize = 4 + 16 + 16 + 4;

/// The key of the catalog made of the default files (if `default`) and then `extra`, whose
/// contents are `texts` (in order).
fn key_of(default: bool, extra: &[PathBuf], texts: &[Vec<u8>]) -> [u64; 2] {
    let hash = |seed: u64| {
        let mut h = foldhash::quality::FixedState::with_seed(seed).build_hasher();
        env!("CARGO_PKG_VERSION").hash(&mut h);
        FORMAT.hash(&mut h);
        default.hash(&mut h);
        CATALOG_SOURCES_HASH.hash(&mut h);
        extra.hash(&mut h);
        texts.hash(&mut h);
        h.finish()
    };
    [hash(0x6361_7461_6c6f_6731), hash(0x6361_7461_6c6f_6732)]
}

fn checksum(bytes: &[u8]) -> [u64; 2] {
    crate::corpus::ContentHash::of(bytes).0
}

impl Catalog {
    /// [`Catalog::load`], taking the entities from the first of `dirs` that stored this very
    /// catalog (the same files, the same program). A catalog that had to be parsed comes with
    /// what to store ([`CatalogToStore`], in `dirs[0]`; nothing without `dirs`), for the caller
    /// to store once its build has written its outputs: a build that fails leaves nothing new
    /// behind.
    pub fn load_stored(
        default: bool,
        extra: &[PathBuf],
        dirs: &[&Path],
    ) -> Result<(Catalog, Option<CatalogToStore>), CatalogError> {
        if dirs.is_empty() {
            return Catalog::load(default, extra).map(|catalog| (catalog, None));
        }
        // The extra files are read here to be hashed; one that cannot be is parsed, which
        // says why.
        let Ok(texts) = extra
            .iter()
            .map(std::fs::read)
            .collect::<Result<Vec<_>, _>>()
        else {
            return Catalog::load(default, extra).map(|catalog| (catalog, None));
        };
        let key = key_of(default, extra, &texts);
        if let Some(catalog) = dirs
            .iter()
            .find_map(|dir| read(&dir.join(STORED_CATALOG), key))
        {
            return Ok((catalog, None));
        }
        // Parsed from what was read and hashed: not read twice, nor changed in between.
        let mut texts = texts.into_iter();
        let catalog = Catalog::load_with(default, extra, |builder, path| {
            let text = texts.next().expect("one text per extra file");
            builder.add_bytes(path, text).map(drop)
        })?;
        let to_store = CatalogToStore::of(&catalog, key);
        Ok((catalog, to_store))
    }
}

/// A parsed catalog, encoded to be stored ([`Catalog::load_stored`]).
#[derive(Debug)]
pub struct CatalogToStore {
    bytes: Vec<u8>,
}

impl CatalogToStore {
    fn of(catalog: &Catalog, key: [u64; 2]) -> Option<CatalogToStore> {
        let chunks: Vec<Vec<u8>> = (catalog.entities().chunks(CHUNK_ENTITIES))
            .map(postcard::to_stdvec)
            .collect::<Result<_, _>>()
            .ok()?;
        let mut body = Vec::new();
        for chunk in &chunks {
            body.extend_from_slice(&(chunk.len() as u64).to_le_bytes());
            body.extend_from_slice(chunk);
        }
        let mut bytes = Vec::with_capacity(HEADER + body.len());
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        for word in key.into_iter().chain(checksum(&body)) {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        bytes.extend_from_slice(&u32::try_from(chunks.len()).ok()?.to_le_bytes());
        bytes.extend_from_slice(&body);
        Some(CatalogToStore { bytes })
    }

    /// Stores the catalog in the folder `dir` (a build's cache folder), atomically.
    pub fn store_in(&self, dir: &Path) -> Result<(), crate::atomic::WriteError> {
        crate::atomic::write_file(&dir.join(STORED_CATALOG), |w| w.write_all(&self.bytes))
    }
}

/// The catalog stored in `path` under `key`, if it is there, whole.
fn read(path: &Path, key: [u64; 2]) -> Option<Catalog> {
    use rayon::prelude::*;
    let bytes = std::fs::read(path).ok()?;
    let u32_at = |at: usize| Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    let u64_at = |at: usize| Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?));
    let stored_key = [u64_at(4)?, u64_at(12)?];
    let stored_sum = [u64_at(20)?, u64_at(28)?];
    let body = bytes.get(HEADER..)?;
    if u32_at(0)? != FORMAT || stored_key != key || stored_sum != checksum(body) {
        return None;
    }
    let mut chunks = Vec::new();
    let mut at = HEADER;
    for _ in 0..u32_at(36)? {
        let len = usize::try_from(u64_at(at)?).ok()?;
        let start = at + 8;
        chunks.push(bytes.get(start..start.checked_add(len)?)?);
        at = start + len;
    }
    // The chunks end where the file does: a count that lost some is no catalog.
    if at != bytes.len() {
        return None;
    }
    let decoded: Vec<Vec<Entity>> = (chunks.into_par_iter())
        .map(|chunk| postcard::from_bytes(chunk).ok())
        .collect::<Option<_>>()?;
    let mut entities = Vec::with_capacity(decoded.iter().map(Vec::len).sum());
    decoded.into_iter().for_each(|chunk| entities.extend(chunk));
    Some(Catalog::from_checked(entities))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "[[entity]]\nid = \"pytest\"\nname = \"pytest\"\nkind = \"package\"\naliases = [\"pytest\"]\n";
    const OTHER: &str = "[[entity]]\nid = \"pytest\"\nname = \"pytest\"\nkind = \"package\"\naliases = [\"pytest\", \"py.test\"]\n";

    #[test]
    fn a_stored_catalog_is_the_catalog_its_files_make_until_one_changes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mine.toml");
        std::fs::write(&file, ONE).unwrap();
        let cache = dir.path().join("cache");
        let extra = [file.clone()];
        let parsed = Catalog::load(true, &extra).unwrap();
        let (first, to_store) = Catalog::load_stored(true, &extra, &[&cache]).unwrap();
        assert!(!cache.exists(), "stored before the caller said so");
        to_store
            .expect("a parsed catalog to store")
            .store_in(&cache)
            .unwrap();
        let (second, to_store) = Catalog::load_stored(true, &extra, &[&cache]).unwrap();
        assert!(to_store.is_none(), "the stored catalog was not used");
        for catalog in [&first, &second] {
            assert_eq!(catalog.entities(), parsed.entities());
            assert_eq!(catalog.by_id("pytest"), parsed.by_id("pytest"));
        }
        // A changed file is read again, not taken from the store.
        std::fs::write(&file, OTHER).unwrap();
        let (changed, to_store) = Catalog::load_stored(true, &extra, &[&cache]).unwrap();
        assert!(to_store.is_some());
        let pytest = changed.get(changed.by_id("pytest").unwrap());
        assert_eq!(pytest.aliases, ["pytest", "py.test"]);
        // So is the default catalog left out.
        let (alone, _) = Catalog::load_stored(false, &extra, &[&cache]).unwrap();
        assert_eq!(alone.len(), 1);
    }

    #[test]
    fn a_damaged_stored_catalog_is_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path();
        let (parsed, to_store) = Catalog::load_stored(true, &[], &[cache]).unwrap();
        to_store.unwrap().store_in(cache).unwrap();
        let path = cache.join(STORED_CATALOG);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        assert!(read(&path, key_of(true, &[], &[])).is_none());
        // Nor is one whose count of chunks (outside the checksum) was cut.
        bytes[last] ^= 0xff;
        bytes[36] -= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(read(&path, key_of(true, &[], &[])).is_none());
        let (again, to_store) = Catalog::load_stored(true, &[], &[cache]).unwrap();
        assert!(to_store.is_some(), "a damaged store was used");
        assert_eq!(again.entities(), parsed.entities());
        // A broken extra file is the parser's error, as without a store.
        let broken = cache.join("broken.toml");
        std::fs::write(&broken, "[[entity]]\nid = ").unwrap();
        let err = Catalog::load_stored(true, &[broken], &[cache]).unwrap_err();
        assert!(err.to_string().contains("broken.toml"), "{err}");
    }
}
