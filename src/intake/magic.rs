//! What a file is, from its first bytes: archives this tool opens, and formats that are not evidence.

/// A format told by its signature ("magic number").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Magic {
    Zip,
    Gzip,
    /// A POSIX/GNU tar (`ustar` at byte 257).
    Tar,
    /// Anything else recognised: what it is (`a PNG image`) and what to do instead.
    NotEvidence {
        what: &'static str,
        hint: &'static str,
    },
}

/// What to add instead of a file that is not evidence.
const ADD_TEXT: &str =
    "add the logs as text, the browser's HAR export, or the entry point's API answer instead";
/// What to do with an archive format this tool does not open.
const REPACK: &str =
    "extract it and add the files (or a .zip, .tar.gz or .gz of them; those are opened here)";

/// `(signature, offset, what, hint)` of the formats that are refused by name.
const SIGNATURES: &[(&[u8], usize, &str, &str)] = &[
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image", ADD_TEXT),
    (b"\xff\xd8\xff", 0, "a JPEG image", ADD_TEXT),
    (b"GIF87a", 0, "a GIF image", ADD_TEXT),
    (b"GIF89a", 0, "a GIF image", ADD_TEXT),
    (b"II*\x00", 0, "a TIFF image", ADD_TEXT),
    (b"MM\x00*", 0, "a TIFF image", ADD_TEXT),
    (
        b"%PDF-",
        0,
        "a PDF document",
        "copy the log text out of it (a hard-wrapped copy is re-joined here) and paste it",
    ),
    (b"\x7fELF", 0, "an executable (ELF)", ADD_TEXT),
    (
        b"\xca\xfe\xba\xbe",
        0,
        "a Java class file or a macOS executable",
        ADD_TEXT,
    ),
    (b"\xcf\xfa\xed\xfe", 0, "a macOS executable", ADD_TEXT),
    (b"\xce\xfa\xed\xfe", 0, "a macOS executable", ADD_TEXT),
    (b"\x00asm", 0, "a WebAssembly module", ADD_TEXT),
    (
        b"7z\xbc\xaf\x27\x1c",
        0,
        "a 7-Zip archive, which this tool does not open",
        REPACK,
    ),
    (
        b"Rar!\x1a\x07",
        0,
        "a RAR archive, which this tool does not open",
        REPACK,
    ),
    (
        b"\xfd7zXZ\x00",
        0,
        "an xz-compressed file, which this tool does not open",
        REPACK,
    ),
    (
        b"\x28\xb5\x2f\xfd",
        0,
        "a zstd-compressed file, which this tool does not open",
        REPACK,
    ),
    (
        b"MSCF",
        0,
        "a Windows cabinet (.cab) archive, which this tool does not open",
        REPACK,
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        0,
        "an Outlook message or an older Office document (.msg, .doc, .xls)",
        "save the attachment or copy the text out of it and add that",
    ),
    (b"SQLite format 3\x00", 0, "an SQLite database", ADD_TEXT),
    (
        b"ElfFile\x00",
        0,
        "a Windows event log (.evtx)",
        "export the events as text from Event Viewer and add that",
    ),
    (
        b"\xd4\xc3\xb2\xa1",
        0,
        "a network packet capture (pcap)",
        "this tool reads the browser's HAR export, not packet captures",
    ),
    (
        b"\xa1\xb2\xc3\xd4",
        0,
        "a network packet capture (pcap)",
        "this tool reads the browser's HAR export, not packet captures",
    ),
    (
        b"\x0a\x0d\x0d\x0a",
        0,
        "a network packet capture (pcapng)",
        "this tool reads the browser's HAR export, not packet captures",
    ),
    (b"ftyp", 4, "a video (MP4/QuickTime)", ADD_TEXT),
    (b"OggS", 0, "an audio or video file (Ogg)", ADD_TEXT),
    (b"ID3", 0, "an MP3 audio file", ADD_TEXT),
];

/// The format `bytes` start with, when it is one this module knows.
pub fn sniff(bytes: &[u8]) -> Option<Magic> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(Magic::Zip);
    }
    if bytes.starts_with(b"\x1f\x8b") {
        return Some(Magic::Gzip);
    }
    if bytes.get(257..262) == Some(b"ustar") {
        return Some(Magic::Tar);
    }
    for &(sig, at, what, hint) in SIGNATURES {
        if bytes.get(at..at + sig.len()) == Some(sig) {
            return Some(Magic::NotEvidence { what, hint });
        }
    }
    if bytes.starts_with(b"RIFF") {
        let what = match bytes.get(8..12) {
            Some(b"WEBP") => "a WebP image",
            Some(b"WAVE") => "a WAV audio file",
            Some(b"AVI ") => "an AVI video",
            _ => "a RIFF media file",
        };
        return Some(Magic::NotEvidence {
            what,
            hint: ADD_TEXT,
        });
    }
    // `MZ` starts some texts too; a Windows executable's header has zero bytes right after it.
    if bytes.starts_with(b"MZ") && bytes.len() >= 64 && bytes[2..64].contains(&0) {
        return Some(Magic::NotEvidence {
            what: "a Windows executable or DLL",
            hint: ADD_TEXT,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_and_refused_formats_are_told_by_their_first_bytes() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Some(Magic::Zip));
        assert_eq!(sniff(b"\x1f\x8b\x08\x00"), Some(Magic::Gzip));
        let mut tar = vec![0u8; 512];
        tar[257..263].copy_from_slice(b"ustar\0");
        assert_eq!(sniff(&tar), Some(Magic::Tar));
        let what = |b: &[u8]| match sniff(b) {
            Some(Magic::NotEvidence { what, .. }) => what,
            other => panic!("{other:?}"),
        };
        assert_eq!(what(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "a PNG image");
        assert_eq!(what(b"%PDF-1.7\n"), "a PDF document");
        assert_eq!(what(b"RIFF\0\0\0\0WEBPVP8 "), "a WebP image");
        let mut pe = b"MZ\x90\x00\x03".to_vec();
        pe.resize(128, 0);
        assert_eq!(what(&pe), "a Windows executable or DLL");
        // Text that merely starts like one of them is not refused.
        assert_eq!(
            sniff(b"MZ-1 agent logged in at 10:00, all good, nothing else to say here....."),
            None
        );
        assert_eq!(sniff(b"2019-08-19 13:34:09.773 GMT+0000 <@> INFO"), None);
        assert_eq!(sniff(b"{\"log\":{}}"), None);
    }
}
