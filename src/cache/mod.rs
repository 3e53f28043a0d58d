//! The build cache: what a build learnt of each file, kept beside its outputs so that the next
//! build, or a merge of shards, does not parse and match unchanged files again.
//!
//! # Why per file, and why by contents
//!
//! A build is a fold over episodes in corpus order ([`crate::pipeline`]): each episode is read,
//! reduced to what the build keeps of it, and merged. The reductions are what is stored:
//!
//! - for every file, its **outline** (metadata, not text), so planning the corpus needs no
//!   parse;
//! - for every episode, discovery's **scan** of it ([`crate::discover::EpisodeScan`]) and its
//!   **extraction**: the graph's windows, the index's part, its mention count, and a
//!   [`WordFilter`] of its words.
//!
//! Files are known by the hash of their contents ([`ContentHash`]) and their path (a file whose
//! stat is what the cache recorded need not be read to know its hash: [`FileStat`]), episodes by
//! that hash and a fingerprint of their record (an episode whose show, id or copies changed is
//! reduced again). Everything is keyed by a [`CacheKey`]: podgraph's version, the cache format,
//! the parse options, the window and the base catalog; a cache of another key is not read.
//!
//! # The catalog moves under the cache
//!
//! What extraction finds depends on the catalog, and discovery extends the catalog from the
//! whole corpus: one more episode can add, drop or change discovered entities. Stored
//! extractions therefore remember the catalog they were made with (each entity's id and how
//! matching reads it). When the catalog differs, the spellings that changed are collected, and
//! an episode's stored extraction is still used, its entities renumbered to the new catalog's
//! positions, where none of them could be said: no changed spelling has all its words in the
//! episode's [`WordFilter`], or, where the filter cannot tell, the episode is read and none is
//! found in it. The others are extracted again (`filter.rs` says why no change is missed). The
//! result is what a clean build writes, byte for byte (tested in `tests/it/cache.rs`). Each
//! data file remembers the catalog table its extractions were numbered with, so a record kept
//! where it is keeps its numbers, and is renumbered each time it is read, not rewritten.
//!
//! # Shards
//!
//! A merge ([`crate::pipeline`] with several caches to read) is a build over the shards'
//! inputs that reads every shard's cache: outlines, scans and extractions come from them, and
//! only episodes the merged catalog touches are read again.
//!
//! # On disk
//!
//! `OUT/.podgraph-cache/` holds `manifest.bin` (postcard: the key, the inputs, the catalog
//! table, and where each file's outline and each episode's records are) and the data files of
//! outlines, scans and extractions it names. A data file is never changed once written: a
//! build writes the records it made (or changed) to a new data file, and its manifest points at
//! the records it took unchanged from its own previous cache where they are. Rewriting every
//! record each build cost a rebuild that adds one episode a fifth of its time (writing and
//! syncing 100 MB at 10×, and keeping each record's bytes to write them). A data file whose
//! records are less than half in use, or that is small next to the others, has its records
//! copied into the new one instead, so the cache holds at most about twice what it uses, in a
//! handful of files. New data file and manifest are written under temporary names and renamed
//! into place, the manifest last, and data files no manifest names are removed after it, so an
//! interrupted build leaves the previous cache whole. Memory holds the manifest and one batch of
//! records; records are read back one at a time, each into a buffer its thread reuses.

mod filter;

use std::collections::HashMap;
use std::fs::File;
use std::hash::{BuildHasher, Hash};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Entity, EntityId};
use crate::corpus::{ContentHash, Corpus, EpisodeRecord, FileStat, PlanCache};
use crate::discover::EpisodeScan;
use crate::graph::{EpisodeWindows, Window};
use crate::index::{EpisodePart, IndexEntityId};
use crate::transcript::{ParseOptions, Transcript};
pub use filter::WordFilter;

/// The cache's folder inside a build's output folder.
pub const CACHE_DIR: &str = ".podgraph-cache";
const MANIFEST: &str = "manifest.bin";
/// Bumped whenever what is stored, or how, changes (the word filter's size and probes too), and
/// whenever extraction or discovery would store something else for the same file (4: names
/// introduced in lower case and people spoken of, and excludes ending in a letter; 5: a
/// person's bare name by their context words; 6: a full name before a role said of it; 7: no
/// list joined by "and" from a capitalised name to an English word; 8: each scan's copy key;
/// 9: several data files, each with its catalog table, and files' stats).
const FORMAT: u32 = 9;

/// Why a cache could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// Reading or writing failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The files are not a cache this podgraph wrote.
    #[error("{}: not a podgraph build cache, or a damaged one ({why})", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        why: String,
    },
    /// The cache was written with other options, catalog or version.
    #[error(
        "{}: built with other options, another catalog or another podgraph version; build it \
         again with the same ones",
        path.display()
    )]
    OtherKey {
        /// The cache folder.
        path: PathBuf,
    },
}

/// What must be equal for stored results to be reused: podgraph's version, the cache format,
/// how files are parsed, the window and the base catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheKey(u64);

impl CacheKey {
    /// The key of a build with these inputs. `O(catalog)`.
    pub fn of(base: &Catalog, parse: &ParseOptions, window: Window) -> CacheKey {
        let mut h = Fingerprinter::default();
        h.add(env!("CARGO_PKG_VERSION"));
        h.add(FORMAT);
        h.add(format!("{:?} {:?} {window:?}", parse.format, parse.show));
        // Each entity's fingerprint on any core, added in catalog order.
        use rayon::prelude::*;
        let entities: Vec<u64> = (base.entities().par_iter())
            .map(|entity| fixed().hash_one(entity))
            .collect();
        h.add(entities);
        CacheKey(h.finish())
    }
}

/// A 64-bit fingerprint of values, stable for one build of podgraph.
#[derive(Default)]
struct Fingerprinter(Vec<u64>);

impl Fingerprinter {
    fn add(&mut self, value: impl Hash) {
        self.0.push(fixed().hash_one(value));
    }

    fn finish(&self) -> u64 {
        fixed().hash_one(&self.0)
    }
}

fn fixed() -> foldhash::quality::FixedState {
    foldhash::quality::FixedState::with_seed(0x0070_6463_6163_6865)
}

/// `value` as stored: postcard, which cannot fail into memory.
fn encode(value: &impl Serialize) -> Vec<u8> {
    postcard::to_stdvec(value).expect("serialising to memory cannot fail")
}

/// What an episode is known by in a cache: its file's contents, and a fingerprint of its
/// record (a stored reduction is reused only for the same record).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EpisodeKey {
    hash: ContentHash,
    record: u64,
}

/// Each episode's key, in corpus order; `None` for an episode whose file was not hashed (a
/// corpus planned without a cache). Made once per build: `O(n log n)`.
pub fn episode_keys(corpus: &Corpus, records: &[EpisodeRecord]) -> Vec<Option<EpisodeKey>> {
    use rayon::prelude::*;
    records
        .par_iter()
        .map(|record| {
            let path = record.source_path.as_path();
            let at = (corpus.planned)
                .binary_search_by(|f| f.path.as_path().cmp(path))
                .ok()?;
            Some(EpisodeKey {
                hash: corpus.planned[at].hash,
                // Its serialised bytes: every field, without the cost of `Debug`'s escapes.
                record: fixed().hash_one(encode(record)),
            })
        })
        .collect()
}

/// The fingerprint of what matching reads of an entity.
fn entity_fingerprint(e: &Entity) -> u64 {
    fixed().hash_one((
        &e.id,
        &e.name,
        e.kind.name(),
        &e.aliases,
        &e.ambiguous_aliases,
        &e.context,
        &e.exclude,
        &e.case_sensitive,
    ))
}

/// Where a record is: a data file (its position in the manifest's list) and a byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    file: u32,
    start: u64,
    end: u64,
}

impl Place {
    fn len(self) -> u64 {
        self.end.saturating_sub(self.start)
    }
}

/// What the next cache stores of a record.
pub enum Stored {
    /// Nothing: the build keeps no cache.
    Nothing,
    /// These bytes, written to the next cache's new data file.
    Bytes(Vec<u8>),
    /// The record where the build's own cache holds it, in a data file the next cache keeps.
    Kept(Place),
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: u32,
    key: CacheKey,
    /// The data files, beside the manifest, each with the catalog its extractions were made
    /// with (a position in `tables`).
    data: Vec<(String, u32)>,
    /// The paths the build was given.
    inputs: Vec<PathBuf>,
    /// Each file read.
    files: Vec<StoredFile>,
    /// When the build that wrote it began reading files (nanoseconds since 1970): a file's
    /// stat stands for its contents only if it had settled by then.
    read_at: i128,
    episodes: Vec<StoredEpisode>,
    /// The extended catalogs extractions were made with, each in catalog order: a data file
    /// kept from an earlier build keeps the numbering it was written with.
    tables: Vec<Vec<StoredEntity>>,
}

/// A file read: its path, its contents' hash, what the file system said of it, and where its
/// outline is.
#[derive(Serialize, Deserialize)]
struct StoredFile {
    path: PathBuf,
    hash: ContentHash,
    stat: Option<FileStat>,
    outline: Place,
}

#[derive(Clone, Copy, Serialize, Deserialize)]
struct StoredEpisode {
    hash: ContentHash,
    record: u64,
    scan: Option<Place>,
    extraction: Option<Place>,
}

#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct StoredEntity {
    id: String,
    fingerprint: u64,
    /// How it is matched, where it is not the base catalog's entity of that id (discovered,
    /// or changed by discovery): what a later build needs to know where a change shows.
    matched: Option<filter::MatchedAs>,
}

/// One episode's extraction as stored.
#[derive(Serialize, Deserialize)]
struct StoredExtraction {
    windows: EpisodeWindows,
    part: EpisodePart,
    mentions: usize,
    filter: WordFilter,
}

/// A stored extraction, read back for the current catalog.
pub struct Extraction {
    /// The graph's windows, in the current catalog's numbering.
    pub windows: EpisodeWindows,
    /// The index's part, in the current index's numbering.
    pub part: EpisodePart,
    /// How many mentions it has.
    pub mentions: usize,
    /// What the next cache stores.
    pub stored: Stored,
}

impl Extraction {
    /// An extraction made now, and what the cache stores of it if `keep` (nothing
    /// otherwise: the words are not even filtered). `words` are the transcript's where a stored
    /// extraction of it knew them ([`ExtractAgain`]): they do not depend on the catalog.
    pub fn new(
        windows: EpisodeWindows,
        part: EpisodePart,
        mentions: usize,
        transcript: &Transcript,
        keep: bool,
        words: Option<WordFilter>,
    ) -> Extraction {
        if !keep {
            return Extraction {
                windows,
                part,
                mentions,
                stored: Stored::Nothing,
            };
        }
        let filter = words.unwrap_or_else(|| WordFilter::of(said(transcript)));
        let stored = StoredExtraction {
            windows,
            part,
            mentions,
            filter,
        };
        let bytes = encode(&stored);
        Extraction {
            windows: stored.windows,
            part: stored.part,
            mentions,
            stored: Stored::Bytes(bytes),
        }
    }
}

/// What an episode says, for its words: its text and its speakers' names.
fn said(transcript: &Transcript) -> impl Iterator<Item = &str> {
    std::iter::once(transcript.text()).chain(transcript.speakers().iter().map(|s| &**s))
}

/// Why a stored extraction could not be used, with what it leaves to extract the episode again:
/// the transcript where it was read to tell, and the words of its text where a stored
/// extraction had them (the part of a record that does not depend on the catalog, and the
/// dearest to make after the matching).
#[derive(Default)]
pub struct ExtractAgain {
    /// The transcript, if it was read.
    pub transcript: Option<Transcript>,
    /// The words of its text and speakers, if a stored extraction had them.
    pub words: Option<WordFilter>,
}

/// A discovery scan, made now or read back, with what the next cache stores.
pub struct Scan {
    /// The scan.
    pub scan: EpisodeScan,
    /// What the next cache stores.
    pub stored: Stored,
}

impl Scan {
    /// A scan made now, and what the cache stores of it if `keep`.
    pub fn new(scan: EpisodeScan, keep: bool) -> Scan {
        let stored = match keep {
            true => Stored::Bytes(encode(&scan)),
            false => Stored::Nothing,
        };
        Scan { scan, stored }
    }
}

/// One cache folder opened for reading.
struct Store {
    dir: PathBuf,
    /// Its data files, in the manifest's order.
    data: Vec<Mutex<File>>,
    /// Whether the next cache may point at each data file's records where they are: only in
    /// the build's own cache, and only in a data file that is at least half in use and not
    /// small next to the others (whose records are copied, and the file let go).
    keeps: Vec<bool>,
    manifest: Manifest,
    /// How each of its catalog tables maps onto the current catalog, once that is known.
    deltas: Vec<Delta>,
}

/// How a stored catalog differs from the current one.
struct Delta {
    /// Each stored entity's position in the current catalog.
    catalog: Vec<Option<EntityId>>,
    /// Each stored index position's position in the current index.
    index: Vec<Option<IndexEntityId>>,
    /// Whether nothing is renumbered.
    same_numbers: bool,
    /// The spellings of the entities added, dropped, changed or moved.
    changed: filter::ChangedSpellings,
}

/// The current catalog as [`Delta::of`] compares stored ones with it.
struct CurrentCatalog<'a> {
    catalog: &'a Catalog,
    /// Each entity's position and fingerprint, by id. (foldhash, as below: tens of thousands
    /// of lookups by id in a rebuild's one-core step between discovery and extraction.)
    new: foldhash::HashMap<&'a str, (usize, u64)>,
    /// Each entity's position in the index.
    new_index: Vec<usize>,
    /// The base catalog's entities, by id.
    base_of: foldhash::HashMap<&'a str, &'a Entity>,
}

impl Delta {
    /// How the catalog table `stored` maps onto the current catalog `now`.
    fn of(stored: &[StoredEntity], now: &CurrentCatalog<'_>) -> Delta {
        let catalog_map: Vec<Option<EntityId>> = stored
            .iter()
            .map(|e| now.new.get(e.id.as_str()).map(|&(n, _)| EntityId(n as u32)))
            .collect();
        let old_index = index_positions(stored.iter().map(|e| e.id.as_str()));
        let mut index_map = vec![None; stored.len()];
        for (old, e) in stored.iter().enumerate() {
            if let Some(&(n, _)) = now.new.get(e.id.as_str()) {
                index_map[old_index[old]] = Some(IndexEntityId::from_position(now.new_index[n]));
            }
        }
        // Changed: added, dropped, changed, or moved against the others (the catalog's
        // order decides which of two people a shared name means).
        let moved = moved(&catalog_map);
        let mut changed_ids: Vec<&str> = Vec::new();
        let stored_by_id: foldhash::HashMap<&str, (usize, &StoredEntity)> = stored
            .iter()
            .enumerate()
            .map(|(n, e)| (e.id.as_str(), (n, e)))
            .collect();
        for (n, e) in stored.iter().enumerate() {
            let same = now
                .new
                .get(e.id.as_str())
                .is_some_and(|&(_, f)| f == e.fingerprint);
            if !same || moved[n] {
                changed_ids.push(&e.id);
            }
        }
        for e in now.catalog.entities() {
            if !stored_by_id.contains_key(e.id.as_str()) {
                changed_ids.push(&e.id);
            }
        }
        let mut changed = Vec::new();
        for id in changed_ids.iter().copied() {
            let new_match = now
                .new
                .get(id)
                .map(|&(n, _)| filter::MatchedAs::of(&now.catalog.entities()[n]));
            let (old_match, was_moved) = match stored_by_id.get(id) {
                Some((n, e)) => (
                    e.matched
                        .clone()
                        .or_else(|| now.base_of.get(id).map(|e| filter::MatchedAs::of(e))),
                    moved[*n],
                ),
                None => (None, false),
            };
            changed.extend(filter::MatchedAs::changed_forms(
                old_match.as_ref(),
                new_match.as_ref(),
                was_moved,
            ));
        }
        let changed = filter::ChangedSpellings::new(changed);
        let same_numbers = catalog_map.len() == now.catalog.len()
            && catalog_map
                .iter()
                .enumerate()
                .all(|(n, to)| *to == Some(EntityId(n as u32)));
        Delta {
            catalog: catalog_map,
            index: index_map,
            same_numbers,
            changed,
        }
    }
}

/// A data file whose records are less than `1 / MOSTLY_UNUSED` in use is copied, not kept.
const MOSTLY_UNUSED: u64 = 2;
/// A data file smaller than `1 / SMALL_FILE` of all of them is copied into the next one, which
/// bounds how many there are: each rebuild that adds an episode makes a small one.
const SMALL_FILE: u64 = 16;

impl Store {
    /// Opens the cache in `dir`; `own` if the build writes its next cache there, so that it
    /// may keep records where they are.
    fn open(dir: &Path, key: CacheKey, own: bool) -> Result<Store, CacheError> {
        let path = dir.join(MANIFEST);
        let io = |source| CacheError::Io {
            path: path.clone(),
            source,
        };
        let corrupt = |why: String| CacheError::Corrupt {
            path: path.clone(),
            why,
        };
        let bytes = std::fs::read(&path).map_err(io)?;
        let manifest: Manifest =
            postcard::from_bytes(&bytes).map_err(|e| corrupt(e.to_string()))?;
        if manifest.format != FORMAT || manifest.key != key {
            return Err(CacheError::OtherKey {
                path: dir.to_owned(),
            });
        }
        let mut data = Vec::with_capacity(manifest.data.len());
        let mut sizes = Vec::with_capacity(manifest.data.len());
        for (name, table) in &manifest.data {
            if name.contains(['/', '\\']) {
                return Err(corrupt("a data file outside the cache".to_owned()));
            }
            if *table as usize >= manifest.tables.len() {
                return Err(corrupt("a data file without its catalog".to_owned()));
            }
            let path = dir.join(name);
            let opened = File::open(&path).and_then(|f| Ok((f.metadata()?.len(), f)));
            let (size, file) = opened.map_err(|source| CacheError::Io { path, source })?;
            sizes.push(size);
            data.push(Mutex::new(file));
        }
        let mut used = vec![0u64; data.len()];
        let places = (manifest.files.iter().map(|f| Some(f.outline))).chain(
            manifest
                .episodes
                .iter()
                .flat_map(|e| [e.scan, e.extraction]),
        );
        for place in places.flatten() {
            if let Some(used) = used.get_mut(place.file as usize) {
                *used += place.len();
            }
        }
        let total: u64 = sizes.iter().sum();
        let keeps = (sizes.iter().zip(&used))
            .map(|(&size, &used)| own && used * MOSTLY_UNUSED >= size && size * SMALL_FILE >= total)
            .collect();
        Ok(Store {
            dir: dir.to_owned(),
            data,
            keeps,
            manifest,
            deltas: Vec::new(),
        })
    }

    /// `decode` of the record at `place`, read into a buffer the thread reuses: records are
    /// read by the thousand, and a fresh buffer each was a third of reading them.
    fn read<T>(&self, place: Place, decode: impl FnOnce(&[u8]) -> Option<T>) -> Option<T> {
        thread_local! {
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let len = usize::try_from(place.end.checked_sub(place.start)?).ok()?;
        BUFFER.with_borrow_mut(|buf| {
            buf.clear();
            buf.resize(len, 0);
            {
                let mut data = self.data.get(place.file as usize)?.lock().ok()?;
                data.seek(SeekFrom::Start(place.start)).ok()?;
                data.read_exact(buf).ok()?;
            }
            decode(buf)
        })
    }

    /// The record at `place` decoded, and what the next cache stores of it: where it is, if
    /// its data file is kept, else a copy of its bytes.
    fn read_stored<T: serde::de::DeserializeOwned>(&self, place: Place) -> Option<(T, Stored)> {
        self.read(place, |bytes| {
            let value = postcard::from_bytes(bytes).ok()?;
            let stored = match self.keeps.get(place.file as usize) {
                Some(true) => Stored::Kept(place),
                _ => Stored::Bytes(bytes.to_vec()),
            };
            Some((value, stored))
        })
    }
}

/// The caches a build reads (its own, and in a merge the shards') and what it has learnt of
/// the current catalog. Lookups never fail: a record that cannot be read is made again.
pub struct BuildCache {
    key: CacheKey,
    stores: Vec<Store>,
    // foldhash: looked up for every file and episode of a rebuild; only looked up.
    files: foldhash::HashMap<(PathBuf, ContentHash), (usize, usize)>,
    /// Each file's stat where it was recorded: its hash, stat, and when it was read.
    stats: foldhash::HashMap<PathBuf, (ContentHash, FileStat, i128)>,
    /// When this build began (nanoseconds since 1970), what the next cache records.
    started: i128,
    episodes: foldhash::HashMap<EpisodeKey, (usize, usize)>,
}

impl BuildCache {
    /// No cache to read: every file is parsed and every episode reduced.
    pub fn empty(key: CacheKey) -> BuildCache {
        BuildCache {
            key,
            stores: Vec::new(),
            files: Default::default(),
            stats: Default::default(),
            started: crate::corpus::now_ns(),
            episodes: Default::default(),
        }
    }

    /// Whether no cache folder is open: every episode must be extracted.
    pub fn is_empty(&self) -> bool {
        self.stores.is_empty()
    }

    /// Opens the build's own cache, in `dir`, where it writes the next one: `Ok(false)` where
    /// there is none, an error where it cannot be read or has another key. Open it first: its
    /// records are taken before any shard's, and the next cache keeps them where they are.
    pub fn open_own(&mut self, dir: &Path) -> Result<bool, CacheError> {
        self.open(dir, true)
    }

    /// Opens the cache of a shard, in `dir`, in addition to those open: as
    /// [`BuildCache::open_own`], but its records are copied into the next cache.
    pub fn open_shard(&mut self, dir: &Path) -> Result<bool, CacheError> {
        self.open(dir, false)
    }

    fn open(&mut self, dir: &Path, own: bool) -> Result<bool, CacheError> {
        if !dir.join(MANIFEST).is_file() {
            return Ok(false);
        }
        let store = Store::open(dir, self.key, own)?;
        let at = self.stores.len();
        for (n, file) in store.manifest.files.iter().enumerate() {
            (self.files.entry((file.path.clone(), file.hash))).or_insert((at, n));
            if let Some(stat) = file.stat {
                (self.stats.entry(file.path.clone())).or_insert((
                    file.hash,
                    stat,
                    store.manifest.read_at,
                ));
            }
        }
        for (n, e) in store.manifest.episodes.iter().enumerate() {
            let key = EpisodeKey {
                hash: e.hash,
                record: e.record,
            };
            self.episodes.entry(key).or_insert((at, n));
        }
        self.stores.push(store);
        Ok(true)
    }

    /// The paths the build that wrote the cache in `dir` was given.
    pub fn inputs_of(dir: &Path, key: CacheKey) -> Result<Vec<PathBuf>, CacheError> {
        if !dir.join(MANIFEST).is_file() {
            return Err(CacheError::Io {
                path: dir.join(MANIFEST),
                source: io::Error::new(io::ErrorKind::NotFound, "no build cache here"),
            });
        }
        Ok(Store::open(dir, key, false)?.manifest.inputs)
    }

    fn stored(&self, key: EpisodeKey) -> Option<(&Store, &StoredEpisode)> {
        let &(store, n) = self.episodes.get(&key)?;
        let store = &self.stores[store];
        Some((store, &store.manifest.episodes[n]))
    }

    /// Whether an extraction of the episode is stored (whether it is still good depends on
    /// the catalog: see [`BuildCache::extraction`]).
    pub fn holds_extraction(&self, key: EpisodeKey) -> bool {
        self.stored(key)
            .is_some_and(|(_, e)| e.extraction.is_some())
    }

    /// The stored scan of an episode.
    pub fn scan(&self, key: EpisodeKey) -> Option<Scan> {
        let (store, episode) = self.stored(key)?;
        let (scan, stored) = store.read_stored(episode.scan?)?;
        Some(Scan { scan, stored })
    }

    /// Learns how each cache's catalog maps onto `catalog` (the extended catalog of this
    /// build, whose base is `base`): `O(entities · spellings)`.
    pub fn compare_catalogs(&mut self, base: &Catalog, catalog: &Catalog) {
        let now = CurrentCatalog {
            catalog,
            new: catalog
                .entities()
                .iter()
                .enumerate()
                .map(|(n, e)| (e.id.as_str(), (n, entity_fingerprint(e))))
                .collect(),
            new_index: index_positions(catalog.entities().iter().map(|e| e.id.as_str())),
            base_of: base.entities().iter().map(|e| (e.id.as_str(), e)).collect(),
        };
        for store in &mut self.stores {
            store.deltas = (store.manifest.tables.iter())
                .map(|stored| Delta::of(stored, &now))
                .collect();
        }
    }

    /// The stored extraction of an episode, renumbered for the
    /// current catalog, unless an entity that changed since could be said in it. Where its
    /// words filter cannot tell, the episode is read (`read`) and searched. `Err` says what the
    /// caller has to extract it again with: what was read, and the episode's words.
    pub fn extraction<E>(
        &self,
        key: EpisodeKey,
        read: impl FnOnce() -> Result<Transcript, E>,
    ) -> Result<Result<Extraction, ExtractAgain>, E> {
        let Some(found) = self.stored_extraction(key) else {
            return Ok(Err(ExtractAgain::default()));
        };
        let (stored, bytes, delta) = found;
        if delta.changed.may_be_in(&stored.filter) {
            let transcript = read()?;
            if delta.changed.are_in(said(&transcript)) {
                return Ok(Err(ExtractAgain {
                    transcript: Some(transcript),
                    words: Some(stored.filter),
                }));
            }
        }
        Ok(
            Self::renumbered(stored, bytes, delta).map_err(|words| ExtractAgain {
                transcript: None,
                words: Some(words),
            }),
        )
    }

    fn stored_extraction(&self, key: EpisodeKey) -> Option<(StoredExtraction, Stored, &Delta)> {
        let (store, episode) = self.stored(key)?;
        let place = episode.extraction?;
        let table = store.manifest.data.get(place.file as usize)?.1;
        let delta = store.deltas.get(table as usize)?;
        let (extraction, stored) = store.read_stored(place)?;
        Some((extraction, stored, delta))
    }

    fn renumbered(
        stored: StoredExtraction,
        stored_as: Stored,
        delta: &Delta,
    ) -> Result<Extraction, WordFilter> {
        if delta.same_numbers {
            return Ok(Extraction {
                windows: stored.windows,
                part: stored.part,
                mentions: stored.mentions,
                stored: stored_as,
            });
        }
        // A record kept where it is keeps its data file's catalog table, and so its numbers.
        let keep = matches!(stored_as, Stored::Kept(_));
        let StoredExtraction {
            windows,
            part,
            mentions,
            filter,
        } = stored;
        let renumbered = windows
            .renumbered(|e| delta.catalog.get(e.index()).copied().flatten())
            .zip(part.renumbered(|e| delta.index.get(e.index()).copied().flatten()));
        // One of its entities has no place now: it is extracted again, its words known.
        let Some((windows, part)) = renumbered else {
            return Err(filter);
        };
        if keep {
            return Ok(Extraction {
                windows,
                part,
                mentions,
                stored: stored_as,
            });
        }
        let stored = StoredExtraction {
            windows,
            part,
            mentions,
            filter,
        };
        let bytes = encode(&stored);
        Ok(Extraction {
            windows: stored.windows,
            part: stored.part,
            mentions: stored.mentions,
            stored: Stored::Bytes(bytes),
        })
    }

    /// The caches read, for messages.
    pub fn folders(&self) -> impl Iterator<Item = &Path> {
        self.stores.iter().map(|s| s.dir.as_path())
    }
}

impl BuildCache {
    /// What the next cache stores of the outline of the file at `path` whose contents hash to
    /// `hash`, which this cache gave the plan.
    fn stored_outline(&self, path: &Path, hash: ContentHash) -> Option<Stored> {
        let &(store, n) = self.files.get(&(path.to_owned(), hash))?;
        let store = &self.stores[store];
        let place = store.manifest.files[n].outline;
        if store.keeps.get(place.file as usize) == Some(&true) {
            return Some(Stored::Kept(place));
        }
        store.read(place, |bytes| Some(Stored::Bytes(bytes.to_vec())))
    }
}

impl PlanCache for BuildCache {
    fn outline(&self, path: &Path, hash: ContentHash) -> Option<Transcript> {
        let &(store, n) = self.files.get(&(path.to_owned(), hash))?;
        let store = &self.stores[store];
        let record = store.read(store.manifest.files[n].outline, |bytes| {
            postcard::from_bytes(bytes).ok()
        })?;
        Some(Transcript::from_outline_record(record))
    }

    fn hash_of(&self, path: &Path, stat: &FileStat) -> Option<ContentHash> {
        let (hash, stored, read_at) = self.stats.get(path)?;
        (stored == stat && stored.settled_before(*read_at)).then_some(*hash)
    }
}

/// Each id's position in the index, which orders entities by id.
fn index_positions<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let ids: Vec<&str> = ids.collect();
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| ids[a].cmp(ids[b]));
    let mut positions = vec![0; ids.len()];
    for (position, &n) in order.iter().enumerate() {
        positions[n] = position;
    }
    positions
}

/// Which stored entities kept by the current catalog are out of their order among the others
/// kept: all but a longest run in increasing order (`O(n log n)`).
fn moved(to: &[Option<EntityId>]) -> Vec<bool> {
    let kept: Vec<(usize, u32)> = to
        .iter()
        .enumerate()
        .filter_map(|(n, e)| e.map(|e| (n, e.0)))
        .collect();
    // Patience sorting: tails[k] is the kept index ending the best run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; kept.len()];
    for (k, &(_, value)) in kept.iter().enumerate() {
        let at = tails.partition_point(|&t| kept[t].1 < value);
        before[k] = at.checked_sub(1).map(|p| tails[p]);
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut moved = vec![false; to.len()];
    for &(n, _) in &kept {
        moved[n] = true;
    }
    let mut at = tails.last().copied();
    while let Some(k) = at {
        moved[kept[k].0] = false;
        at = before[k];
    }
    moved
}

/// Writes the next cache as a build goes: the records it made, in corpus order, to a new data
/// file, and where each record is, kept or new; then the manifest.
pub struct CacheWriter {
    dir: PathBuf,
    data_name: String,
    data: BufWriter<tempfile::NamedTempFile>,
    written: u64,
    /// The data files of the build's own cache, whose records a [`Stored::Kept`] points at,
    /// with the catalog tables of its manifest.
    kept: Vec<(String, u32)>,
    kept_tables: Vec<Vec<StoredEntity>>,
    files: Vec<StoredFile>,
    scans: Vec<Option<Place>>,
    /// When the build began, recorded with the files' stats.
    read_at: i128,
    extractions: Vec<Option<Place>>,
    /// The first write that failed: a cache is a shortcut, so a build goes on without it and
    /// [`CacheWriter::finish`] reports this.
    failed: Option<CacheError>,
}

/// The data file a new record is in, until the manifest numbers its files.
const NEW_FILE: u32 = u32::MAX;

impl CacheWriter {
    /// Starts a cache in `dir` (created if missing), after `cache`, the caches the build reads:
    /// records of its own cache that the new one keeps stay where they are.
    pub fn create(dir: &Path, cache: Option<&BuildCache>) -> Result<CacheWriter, CacheError> {
        let io = |source| CacheError::Io {
            path: dir.to_owned(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let data = tempfile::Builder::new()
            .prefix(".data-")
            .tempfile_in(dir)
            .map_err(io)?;
        let (kept, kept_tables) = match cache.and_then(|c| c.stores.first()) {
            Some(store) if store.keeps.contains(&true) => {
                (store.manifest.data.clone(), store.manifest.tables.clone())
            }
            _ => (Vec::new(), Vec::new()),
        };
        // A name no data file of the cache has: data files are never overwritten.
        let mut salt = 0u64;
        let data_name = loop {
            let name = format!(
                "data-{:016x}.bin",
                fixed().hash_one((std::process::id(), std::time::SystemTime::now(), salt))
            );
            if !kept.iter().any(|(kept, _)| *kept == name) && !dir.join(&name).exists() {
                break name;
            }
            salt += 1;
        };
        Ok(CacheWriter {
            dir: dir.to_owned(),
            data_name,
            data: BufWriter::with_capacity(1 << 16, data),
            written: 0,
            kept,
            kept_tables,
            files: Vec::new(),
            scans: Vec::new(),
            read_at: cache.map_or_else(crate::corpus::now_ns, |c| c.started),
            extractions: Vec::new(),
            failed: None,
        })
    }

    /// Where the next cache has `stored`: where it is, or appended to the new data file.
    fn place(&mut self, stored: &Stored) -> Option<Place> {
        let bytes = match stored {
            Stored::Nothing => return None,
            Stored::Kept(place) => return Some(*place),
            Stored::Bytes(bytes) => bytes,
        };
        if self.failed.is_some() {
            return None;
        }
        if let Err(source) = self.data.write_all(bytes) {
            self.failed = Some(CacheError::Io {
                path: self.dir.join(&self.data_name),
                source,
            });
            return None;
        }
        let start = self.written;
        self.written += bytes.len() as u64;
        Some(Place {
            file: NEW_FILE,
            start,
            end: self.written,
        })
    }

    /// Stores the outlines of the files a corpus planned ([`crate::corpus::Corpus::planned`]),
    /// and lets them go: memory keeps where they are, not what they say. A file whose outline
    /// `cache` gave the plan keeps the cache's record.
    pub fn outlines(
        &mut self,
        planned: &mut [crate::corpus::PlannedFile],
        cache: Option<&BuildCache>,
    ) {
        for file in planned {
            let stored = match file.outline.take() {
                Some(outline) => Some(Stored::Bytes(encode(&outline))),
                None => cache.and_then(|c| c.stored_outline(&file.path, file.hash)),
            };
            if let Some(at) = stored.and_then(|stored| self.place(&stored)) {
                self.files.push(StoredFile {
                    path: file.path.clone(),
                    hash: file.hash,
                    stat: file.stat,
                    outline: at,
                });
            }
        }
    }

    /// Stores the next episode's scan (episodes come in corpus order).
    pub fn scan(&mut self, stored: &Stored) {
        let at = self.place(stored);
        self.scans.push(at);
    }

    /// Stores the next episode's extraction (episodes come in corpus order).
    pub fn extraction(&mut self, stored: &Stored) {
        let at = self.place(stored);
        self.extractions.push(at);
    }

    /// Writes the manifest for the episodes of `episodes` ([`episode_keys`], in corpus order),
    /// made with `catalog` (extending `base`), and puts the cache in place; data files it no
    /// longer uses are removed. If a write failed on the way, nothing is put in place and the
    /// previous cache stays.
    pub fn finish(
        self,
        key: CacheKey,
        inputs: &[PathBuf],
        episodes: &[Option<EpisodeKey>],
        base: &Catalog,
        catalog: &Catalog,
    ) -> Result<(), CacheError> {
        let CacheWriter {
            dir,
            data_name,
            data,
            written,
            kept,
            kept_tables,
            mut files,
            mut scans,
            mut extractions,
            read_at,
            failed,
        } = self;
        if let Some(failed) = failed {
            return Err(failed);
        }
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| CacheError::Io { path, source }
        };
        let base_prints: HashMap<&str, u64> = base
            .entities()
            .iter()
            .map(|e| (e.id.as_str(), entity_fingerprint(e)))
            .collect();
        let current: Vec<StoredEntity> = catalog
            .entities()
            .iter()
            .map(|e| {
                let fingerprint = entity_fingerprint(e);
                let matched = (base_prints.get(e.id.as_str()) != Some(&fingerprint))
                    .then(|| filter::MatchedAs::of(e));
                StoredEntity {
                    id: e.id.clone(),
                    fingerprint,
                    matched,
                }
            })
            .collect();
        // The data files the manifest names: the kept ones still in use, in their order, each
        // with its catalog table, then the new one, with this build's, if anything was
        // written to it.
        let places = || {
            (files.iter().map(|f| Some(f.outline)))
                .chain(scans.iter().copied())
                .chain(extractions.iter().copied())
                .flatten()
        };
        let mut in_use = vec![false; kept.len()];
        for place in places() {
            if let Some(used) = in_use.get_mut(place.file as usize) {
                *used = true;
            }
        }
        let mut tables = vec![current];
        let mut table_of: HashMap<u32, u32> = HashMap::new();
        let mut number = vec![None; kept.len()];
        let mut data_files = Vec::new();
        for (n, (name, table)) in kept.iter().enumerate() {
            if !in_use[n] {
                continue;
            }
            let table = *table_of.entry(*table).or_insert_with(|| {
                let stored = &kept_tables[*table as usize];
                if *stored == tables[0] {
                    return 0;
                }
                tables.push(stored.clone());
                tables.len() as u32 - 1
            });
            number[n] = Some(data_files.len() as u32);
            data_files.push((name.clone(), table));
        }
        let new_number = data_files.len() as u32;
        if written > 0 {
            data_files.push((data_name.clone(), 0));
        }
        let renumber = |place: &mut Place| {
            place.file = match place.file {
                NEW_FILE => new_number,
                old => number[old as usize].expect("a kept file in use is named"),
            };
        };
        files.iter_mut().for_each(|f| renumber(&mut f.outline));
        (scans.iter_mut().chain(extractions.iter_mut()))
            .flatten()
            .for_each(renumber);
        let episodes = episodes
            .iter()
            .enumerate()
            .filter_map(|(n, key)| {
                let key = (*key)?;
                Some(StoredEpisode {
                    hash: key.hash,
                    record: key.record,
                    scan: scans.get(n).copied().flatten(),
                    extraction: extractions.get(n).copied().flatten(),
                })
            })
            .collect();
        let manifest = Manifest {
            format: FORMAT,
            key,
            data: data_files,
            inputs: inputs.to_vec(),
            files,
            read_at,
            episodes,
            tables,
        };
        let data_path = dir.join(&data_name);
        let data = data
            .into_inner()
            .map_err(|e| io(&data_path)(e.into_error()))?;
        if written > 0 {
            data.as_file().sync_data().ok();
            data.persist(&data_path)
                .map_err(|e| io(&data_path)(e.error))?;
        }
        let manifest_path = dir.join(MANIFEST);
        crate::atomic::write_file(&manifest_path, |w| w.write_all(&encode(&manifest))).map_err(
            |e| CacheError::Io {
                path: manifest_path.clone(),
                source: io::Error::other(e.to_string()),
            },
        )?;
        // Data files of earlier caches that this one does not name (or of a build that was
        // interrupted before its manifest was in place).
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if name.starts_with("data-")
                    && name.ends_with(".bin")
                    && !manifest.data.iter().any(|(d, _)| *d == name)
                {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_entities_are_those_out_of_the_longest_ordered_run() {
        let to = |v: &[Option<u32>]| -> Vec<Option<EntityId>> {
            v.iter().map(|e| e.map(EntityId)).collect()
        };
        assert_eq!(moved(&to(&[Some(0), Some(1), Some(2)])), [false; 3]);
        assert_eq!(moved(&to(&[Some(0), None, Some(5)])), [false; 3]);
        assert_eq!(
            moved(&to(&[Some(1), Some(2), Some(0), Some(3)])),
            [false, false, true, false]
        );
    }

    #[test]
    fn index_positions_follow_the_ids() {
        assert_eq!(index_positions(["b", "c", "a"].into_iter()), [1, 2, 0]);
    }
}
