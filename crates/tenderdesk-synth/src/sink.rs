//! Where generated records go: into a data set in memory, or straight out as the dataset document
//! in the bytes `tenderdesk export` writes.

use std::io::{self, Write};

use tenderdesk_domain::*;

/// Where generated records go.
pub(crate) trait Sink {
    fn begin(&mut self, kind: Kind) -> io::Result<()>;
    fn put<T: Listed>(&mut self, record: T) -> io::Result<()>;
    fn end(&mut self) -> io::Result<()>;
}

pub(crate) struct Collect(pub(crate) Dataset);

impl Sink for Collect {
    fn begin(&mut self, _: Kind) -> io::Result<()> {
        Ok(())
    }
    fn put<T: Listed>(&mut self, record: T) -> io::Result<()> {
        T::push(&mut self.0, record);
        Ok(())
    }
    fn end(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub(crate) struct JsonSink<W: Write> {
    pub(crate) out: io::BufWriter<W>,
    pub(crate) count: usize,
    pub(crate) counts: Vec<(Kind, usize)>,
}

impl<W: Write> Sink for JsonSink<W> {
    fn begin(&mut self, kind: Kind) -> io::Result<()> {
        self.count = 0;
        self.counts.push((kind, 0));
        if kind == Kind::Authority {
            self.out.write_all(b",\n  \"authority\": ")
        } else {
            write!(self.out, ",\n  \"{}\": [", kind.plural())
        }
    }

    fn put<T: Listed>(&mut self, record: T) -> io::Result<()> {
        let text = serde_json::to_string_pretty(&record).map_err(io::Error::other)?;
        let indent: &[u8] = if T::KIND == Kind::Authority { b"\n  " } else { b"\n    " };
        if T::KIND != Kind::Authority {
            self.out.write_all(if self.count == 0 { b"\n    " } else { b",\n    " })?;
        }
        let mut lines = text.split('\n');
        if let Some(first) = lines.next() {
            self.out.write_all(first.as_bytes())?;
        }
        for line in lines {
            self.out.write_all(indent)?;
            self.out.write_all(line.as_bytes())?;
        }
        self.count += 1;
        if let Some(last) = self.counts.last_mut() {
            last.1 = self.count;
        }
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        match self.counts.last() {
            Some((Kind::Authority, _)) => Ok(()),
            _ if self.count == 0 => self.out.write_all(b"]"),
            _ => self.out.write_all(b"\n  ]"),
        }
    }
}
