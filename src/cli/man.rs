//! `capplan man`: the manual page (roff) on stdout, from the clap definition:
//! `capplan man > capplan.1`, or `capplan man | man -l -`.

use clap::CommandFactory;

use crate::error::Error;

#[derive(Debug, clap::Args)]
pub struct ManArgs {}

pub fn run(_: &ManArgs) -> Result<(), Error> {
    let cmd = super::Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .map_err(|e| Error::io("<stdout>", e))?;
    super::print_out(&String::from_utf8(out).expect("roff is UTF-8"))
}
