//! The Arrangements screen's table, read as the tests compare it: the council in the header, the
//! caption, and each row's reference and cells.

use fantoccini::{Client, Locator};

use crate::page::{open_screen, text_of, wait_for, wait_for_text};

/// What the page shows once it has loaded.
#[derive(Debug)]
pub struct Shown {
    pub council: String,
    pub caption: String,
    rows: Vec<Row>,
}

/// One table row: the Reference (the row header) and the data cells, in column order
/// (Title, Kind, Regime, Start, End, Lots, Providers).
#[derive(Debug)]
pub struct Row {
    reference: String,
    cells: Vec<String>,
}

impl Row {
    pub fn title(&self) -> &str {
        &self.cells[0]
    }

    pub fn kind(&self) -> &str {
        &self.cells[1]
    }

    pub fn regime(&self) -> &str {
        &self.cells[2]
    }
}

impl Shown {
    pub fn references(&self) -> Vec<&str> {
        self.rows.iter().map(|r| r.reference.as_str()).collect()
    }

    pub fn row(&self, reference: &str) -> &Row {
        self.rows
            .iter()
            .find(|r| r.reference == reference)
            .unwrap_or_else(|| panic!("no row for {reference} in {:?}", self.references()))
    }
}

/// Opens the Arrangements screen from the side navigation, waits until the table has rows and the
/// header has the council's name, then reads them.
pub async fn read_arrangements(client: &Client) -> Shown {
    open_screen(client, "arrangements").await;
    wait_for(client, "table tbody tr", "a row of the arrangements table").await;
    let council = wait_for_text(client, ".header__council", "the council's name in the header").await;
    let caption = text_of(client, "table caption").await;
    let mut rows = Vec::new();
    for tr in client.find_all(Locator::Css("table tbody tr")).await.expect("find the table rows") {
        let reference = tr.find(Locator::Css("th")).await.expect("a row has a header cell");
        let reference = reference.text().await.expect("read a row's reference").trim().to_owned();
        let mut cells = Vec::new();
        for td in tr.find_all(Locator::Css("td")).await.expect("find a row's cells") {
            cells.push(td.text().await.expect("read a cell").trim().to_owned());
        }
        assert_eq!(cells.len(), 7, "the row for {reference} should have 7 data cells: {cells:?}");
        rows.push(Row { reference, cells });
    }
    Shown { council, caption, rows }
}
