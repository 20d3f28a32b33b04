//! Splitting the snapshot's data segments at runs of zeros.
//!
//! wasmtime-wizer writes the non-zero parts of memory as active data
//! segments, but never more than 10,000 of them: past that it merges the
//! segments with the smallest gaps, zeros and all. A CPython heap has short
//! runs of zeros everywhere (NULL fields, small integers, padding), so a
//! snapshot reaches the cap and ~30 % of its data bytes are zeros in gaps of
//! up to a few dozen bytes. Engines accept far more segments: wasmparser (and
//! so wasmtime) and the JS API allow 100,000.
//!
//! [`split_zero_runs`] splits segments again wherever a run of zeros inside
//! one is longer than the header of a new segment, longest runs first, up to
//! [`MAX_SEGMENTS`] segments in the module. The memory an instance starts
//! with is the same byte for byte. Only active segments of memory 0 at an
//! `i32.const` offset are split, and a module with a data count section
//! (whose code may name segments by index) is left alone.

use wasm_encoder::reencode::{utils, Error as ReencodeError, Reencode};
use wasm_encoder::{ConstExpr, DataSection, Module};
use wasmparser::{DataKind, Operator, Parser, Payload};

/// The most data segments a module may have after splitting: half the
/// 100,000 that wasmparser and the JS API allow.
pub const MAX_SEGMENTS: usize = 50_000;

/// Returns `module` with its data segments split at long runs of zeros, or
/// `None` when no split would make it smaller.
pub fn split_zero_runs(module: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let Some(plan) = Plan::make(module)? else {
        return Ok(None);
    };
    let mut out = Module::new();
    let mut splitter = Splitter { plan };
    splitter
        .parse_core_module(&mut out, Parser::new(0), module)
        .map_err(|e| e.to_string())?;
    Ok(Some(out.finish()))
}

/// Bytes of an active segment header for memory 0: flags, `i32.const`,
/// the offset, `end`, and the length.
fn header_len(offset: i32, len: usize) -> usize {
    3 + sleb_len(i64::from(offset)) + uleb_len(len as u64)
}

fn sleb_len(mut v: i64) -> usize {
    let mut n = 1;
    while !(-64..64).contains(&v) {
        v >>= 7;
        n += 1;
    }
    n
}

fn uleb_len(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}

/// Where to cut: for each data segment (by index), the byte ranges of its
/// data that become segments of their own.
struct Plan {
    cuts: Vec<Vec<(usize, usize)>>,
}

struct Run {
    segment: usize,
    start: usize,
    end: usize,
    saving: usize,
}

impl Plan {
    fn make(module: &[u8]) -> Result<Option<Plan>, String> {
        let err = |e: wasmparser::BinaryReaderError| e.to_string();
        let mut segments: Vec<Option<(i32, &[u8])>> = Vec::new();
        for payload in Parser::new(0).parse_all(module) {
            match payload.map_err(err)? {
                Payload::DataCountSection { .. } => return Ok(None),
                Payload::DataSection(section) => {
                    for data in section {
                        let data = data.map_err(err)?;
                        segments.push(splittable_offset(&data)?.map(|o| (o, data.data)));
                    }
                }
                _ => {}
            }
        }
        let mut runs = Vec::new();
        for (index, segment) in segments.iter().enumerate() {
            let Some((offset, data)) = *segment else {
                continue;
            };
            let mut i = 0;
            while i < data.len() {
                if data[i] != 0 {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < data.len() && data[i] == 0 {
                    i += 1;
                }
                if start == 0 || i == data.len() {
                    continue;
                }
                // A split costs the header of the segment after the run.
                let next = offset
                    .checked_add(i32::try_from(i).map_err(|e| e.to_string())?)
                    .ok_or("a data segment ends past 2 GiB")?;
                let cost = header_len(next, data.len() - i);
                if i - start > cost {
                    runs.push(Run {
                        segment: index,
                        start,
                        end: i,
                        saving: i - start - cost,
                    });
                }
            }
        }
        let budget = MAX_SEGMENTS.saturating_sub(segments.len());
        if runs.is_empty() || budget == 0 {
            return Ok(None);
        }
        // The longest savings first; ties in module order, so the result
        // depends on the input only.
        runs.sort_by(|a, b| {
            b.saving
                .cmp(&a.saving)
                .then(a.segment.cmp(&b.segment))
                .then(a.start.cmp(&b.start))
        });
        runs.truncate(budget);
        runs.sort_by_key(|r| (r.segment, r.start));
        let mut cuts: Vec<Vec<(usize, usize)>> = segments
            .iter()
            .map(|s| s.map_or_else(Vec::new, |(_, data)| vec![(0, data.len())]))
            .collect();
        for run in runs {
            let pieces = &mut cuts[run.segment];
            let last = pieces
                .last_mut()
                .ok_or("a run in an unsplittable segment")?;
            let end = last.1;
            last.1 = run.start;
            pieces.push((run.end, end));
        }
        Ok(Some(Plan { cuts }))
    }
}

/// The `i32.const` offset of an active segment of memory 0, or `None` for a
/// segment that is left as it is.
fn splittable_offset(data: &wasmparser::Data<'_>) -> Result<Option<i32>, String> {
    let DataKind::Active {
        memory_index: 0,
        offset_expr,
    } = &data.kind
    else {
        return Ok(None);
    };
    let mut ops = offset_expr.get_operators_reader();
    let first = ops.read().map_err(|e| e.to_string())?;
    let second = ops.read().map_err(|e| e.to_string())?;
    Ok(match (first, second, ops.eof()) {
        (Operator::I32Const { value }, Operator::End, true) => Some(value),
        _ => None,
    })
}

struct Splitter {
    plan: Plan,
}

impl Reencode for Splitter {
    type Error = String;

    fn parse_data_section(
        &mut self,
        out: &mut DataSection,
        section: wasmparser::DataSectionReader<'_>,
    ) -> Result<(), ReencodeError<String>> {
        for (index, data) in section.into_iter().enumerate() {
            let data = data?;
            let pieces = self.plan.cuts.get(index).filter(|p| !p.is_empty());
            let (Some(pieces), Some(offset)) = (
                pieces,
                splittable_offset(&data).map_err(ReencodeError::UserError)?,
            ) else {
                utils::parse_data(self, out, data)?;
                continue;
            };
            for &(start, end) in pieces {
                let at = i32::try_from(start)
                    .ok()
                    .and_then(|s| offset.checked_add(s))
                    .ok_or_else(|| {
                        ReencodeError::UserError("a data segment ends past 2 GiB".to_string())
                    })?;
                out.active(
                    0,
                    &ConstExpr::i32_const(at),
                    data.data[start..end].iter().copied(),
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The initial memory a module's active `i32.const` segments make.
    fn image(module: &[u8]) -> Vec<u8> {
        let mut memory = Vec::new();
        for payload in Parser::new(0).parse_all(module) {
            if let Payload::DataSection(s) = payload.unwrap() {
                for data in s {
                    let data = data.unwrap();
                    let offset = splittable_offset(&data).unwrap().unwrap() as usize;
                    let end = offset + data.data.len();
                    if memory.len() < end {
                        memory.resize(end, 0);
                    }
                    memory[offset..end].copy_from_slice(data.data);
                }
            }
        }
        memory
    }

    fn count(module: &[u8]) -> u32 {
        for payload in Parser::new(0).parse_all(module) {
            if let Payload::DataSection(s) = payload.unwrap() {
                return s.count();
            }
        }
        0
    }

    fn module_with(segments: &[(i32, Vec<u8>)], data_count: bool) -> Vec<u8> {
        let mut module = Module::new();
        let mut memories = wasm_encoder::MemorySection::new();
        memories.memory(wasm_encoder::MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        module.section(&memories);
        if data_count {
            module.section(&wasm_encoder::DataCountSection {
                count: segments.len() as u32,
            });
        }
        let mut data = DataSection::new();
        for (offset, bytes) in segments {
            data.active(0, &ConstExpr::i32_const(*offset), bytes.iter().copied());
        }
        module.section(&data);
        module.finish()
    }

    fn bytes_with_gaps(gaps: &[usize]) -> Vec<u8> {
        let mut out = vec![1, 2, 3];
        for &gap in gaps {
            out.extend(std::iter::repeat_n(0, gap));
            out.extend([4, 5, 6]);
        }
        out
    }

    #[test]
    fn long_zero_runs_become_gaps_and_the_memory_is_unchanged() {
        let input = module_with(
            &[(1024, bytes_with_gaps(&[40, 3, 100])), (8192, vec![7; 9])],
            false,
        );
        let output = split_zero_runs(&input).unwrap().unwrap();
        wasmparser::validate(&output).unwrap();
        assert_eq!(count(&output), 4);
        assert!(output.len() < input.len() - 100);
        assert_eq!(image(&output), image(&input));
    }

    #[test]
    fn short_runs_and_edges_stay() {
        // Runs no longer than a segment header, and zeros at either end of a
        // segment (wizer never writes those, but they must not be cut).
        let mut edges = vec![0; 50];
        edges.extend(bytes_with_gaps(&[4, 6]));
        edges.extend(vec![0; 50]);
        let input = module_with(&[(100, edges)], false);
        assert_eq!(split_zero_runs(&input).unwrap(), None);
    }

    #[test]
    fn a_module_with_a_data_count_is_left_alone() {
        let input = module_with(&[(1024, bytes_with_gaps(&[400]))], true);
        assert_eq!(split_zero_runs(&input).unwrap(), None);
    }

    #[test]
    fn the_segment_budget_keeps_the_longest_runs() {
        let gaps: Vec<usize> = (0..MAX_SEGMENTS + 10).map(|i| 20 + i % 7).collect();
        let input = module_with(&[(64, bytes_with_gaps(&gaps))], false);
        let output = split_zero_runs(&input).unwrap().unwrap();
        assert_eq!(count(&output) as usize, MAX_SEGMENTS);
        assert_eq!(image(&output), image(&input));
        assert_eq!(split_zero_runs(&input).unwrap().unwrap(), output);
    }
}
