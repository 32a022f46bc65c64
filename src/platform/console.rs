//! The console: colour and the characters the human report is drawn with.
//!
//! The classic console of Windows Server (cmd, PowerShell 5.1) shows escape codes as `←[31m`
//! unless its virtual-terminal mode is on: dpmlint turns it on, and writes no colour where it
//! cannot. A console whose code page is not UTF-8 (CP932 on a Japanese Windows) draws the box
//! characters of the unicode theme at the wrong width or not at all: there the frames are drawn
//! in ASCII. Output to a file or a pipe is UTF-8 everywhere, drawn as on Linux.

/// One of the two streams a report goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// Make escape codes work on `stream` when it is a console; `false` when they cannot (the caller
/// then writes no colour). Always `true` off Windows, and where `stream` is no console.
pub fn enable_colors(stream: Stream) -> bool {
    #[cfg(windows)]
    {
        win::enable_virtual_terminal(stream)
    }
    #[cfg(not(windows))]
    {
        let _ = stream;
        true
    }
}

/// Whether `stream` can show the unicode theme's box characters: `false` only for a Windows
/// console whose output code page is not UTF-8 (65001).
pub fn draws_boxes(stream: Stream) -> bool {
    #[cfg(windows)]
    {
        win::draws_boxes(stream)
    }
    #[cfg(not(windows))]
    {
        let _ = stream;
        true
    }
}

#[cfg(windows)]
mod win {
    use super::Stream;
    use windows_sys::Win32::Foundation::{HANDLE, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::System::Console::{
        CONSOLE_MODE, ENABLE_VIRTUAL_TERMINAL_PROCESSING, GetConsoleMode, GetConsoleOutputCP, GetStdHandle,
        STD_ERROR_HANDLE, STD_OUTPUT_HANDLE, SetConsoleMode,
    };

    fn handle(stream: Stream) -> HANDLE {
        let which = match stream {
            Stream::Stdout => STD_OUTPUT_HANDLE,
            Stream::Stderr => STD_ERROR_HANDLE,
        };
        // SAFETY: GetStdHandle has no preconditions.
        unsafe { GetStdHandle(which) }
    }

    /// The console mode of `stream`, or `None` when it is no console (a file, a pipe).
    fn console_mode(stream: Stream) -> Option<(HANDLE, CONSOLE_MODE)> {
        let h = handle(stream);
        if h.is_null() || h == INVALID_HANDLE_VALUE {
            return None;
        }
        let mut mode: CONSOLE_MODE = 0;
        // SAFETY: `h` is a valid standard handle and `mode` a valid out pointer.
        (unsafe { GetConsoleMode(h, &mut mode) } != 0).then_some((h, mode))
    }

    pub fn enable_virtual_terminal(stream: Stream) -> bool {
        let Some((h, mode)) = console_mode(stream) else {
            return true;
        };
        if mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
            return true;
        }
        // SAFETY: `h` is a console handle; the mode only adds a documented flag.
        unsafe { SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0 }
    }

    pub fn draws_boxes(stream: Stream) -> bool {
        if console_mode(stream).is_none() {
            return true;
        }
        // SAFETY: GetConsoleOutputCP has no preconditions.
        unsafe { GetConsoleOutputCP() == 65001 }
    }
}
