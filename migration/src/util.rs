//! Small builders shared by the migrations (named foreign keys and indexes).

use sea_orm_migration::prelude::*;

/// A foreign key `table.col → to.id` named `fk_<table>_<col>`.
pub fn fk(table: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{col}"))
        .from(table, col)
        .to(to, "id")
        .to_owned()
}

/// An index on `cols` named `ix_<table>_<cols>`.
pub fn index(table: &'static str, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!("ix_{table}_{}", cols.join("_")))
        .table(table);
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}
