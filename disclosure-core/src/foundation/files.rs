//! Reading an input file with a bound: only a regular file (followed through symbolic links) is
//! opened, so a device, a FIFO or `/proc` never blocks a run or grows its memory, and no more than
//! the limit is ever read, whatever the file claims its size to be.

use std::io::Read;
use std::path::Path;

/// Reads `path`, a regular file of at most `limit` bytes. A file that is not regular is refused
/// before it is opened; one that grows past the limit while it is read is cut there and refused.
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other(
            "it is not a regular file (a directory, device, pipe or socket)",
        ));
    }
    if meta.len() > limit {
        return Err(std::io::Error::other(format!(
            "it is {} bytes, larger than {limit}",
            meta.len()
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(format!("larger than {limit} bytes")));
    }
    Ok(bytes)
}

/// [`read_bounded`], as UTF-8 text.
pub fn read_bounded_text(path: &Path, limit: u64) -> std::io::Result<String> {
    String::from_utf8(read_bounded(path, limit)?).map_err(|e| {
        std::io::Error::other(format!(
            "it is not UTF-8 (byte {} is not)",
            e.utf8_error().valid_up_to()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_files_are_refused_without_being_opened() {
        // Reading these would block (a FIFO without a writer) or never end (/dev/zero).
        for special in ["/dev/zero", "/dev/null"] {
            if Path::new(special).exists() {
                let err = read_bounded(Path::new(special), 1024).unwrap_err();
                assert!(
                    err.to_string().contains("not a regular file"),
                    "{special}: {err}"
                );
            }
        }
        // /proc files call themselves regular and empty, then yield without end: the bound
        // stops the read (or the kernel refuses it), and memory stays bounded.
        for proc_file in ["/proc/self/pagemap", "/proc/self/maps"] {
            if Path::new(proc_file).exists() {
                assert!(
                    read_bounded(Path::new(proc_file), 16).is_err(),
                    "{proc_file}"
                );
            }
        }
        #[cfg(unix)]
        {
            let dir = tempfile::tempdir().unwrap();
            let fifo = dir.path().join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                assert!(read_bounded(&fifo, 1024).is_err());
            }
        }
    }

    #[test]
    fn a_file_over_the_limit_is_refused_and_a_sparse_one_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let file = std::fs::File::create(&path).unwrap();
        // A sparse file of 3 GB costs nothing to make and must cost nothing to refuse.
        file.set_len(3 << 30).unwrap();
        let err = read_bounded(&path, 1024).unwrap_err();
        assert!(err.to_string().contains("larger than 1024"), "{err}");
        std::fs::write(&path, "small").unwrap();
        assert_eq!(read_bounded_text(&path, 1024).unwrap(), "small");
    }
}
