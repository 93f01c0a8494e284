//! The little SQL layer both backends share: a connection that runs a statement with [`Value`]
//! parameters and returns [`Row`]s. Statements are written once, in the dialect both databases
//! accept (`?N` parameters, which the PostgreSQL connection rewrites to `$N`; `RETURNING`;
//! `ON CONFLICT DO NOTHING`; partial unique indexes). Where the dialects really differ, a
//! statement asks [`Dialect`].

use anyhow::{anyhow, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// How the worker's claim locks the row it takes: SQLite has one writer, so the transaction
    /// alone is the lock; PostgreSQL skips rows other nodes hold.
    pub fn claim_lock(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// Locks a row read for update (a coupon while a request changes it).
    pub fn row_lock(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }

    /// Whether a page and its total are better as one statement with `COUNT(*) OVER ()`: on
    /// PostgreSQL it saves a round trip to the database host per list call; SQLite has no round
    /// trip to save and materialises the window (40% slower in the I9 benchmark).
    pub fn window_total(self) -> bool {
        self == Dialect::Postgres
    }

    /// Locks the table a check-then-insert reads (the seed's `vendors`) until the transaction
    /// ends. SQLite's single writer already serialises them.
    pub fn table_lock(self, table: &str) -> Option<String> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some(format!("LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")),
        }
    }
}

/// A parameter or a column value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bool(bool),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Int(v as i64)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Real(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// `args![a, b, c]`: statement parameters.
macro_rules! args {
    ($($v:expr),* $(,)?) => { &[$($crate::store::sql::Value::from($v)),*][..] };
}
pub(crate) use args;

/// One result row, read by column index.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn at(&self, i: usize) -> Result<&Value> {
        self.0.get(i).ok_or_else(|| anyhow!("no column {i}"))
    }

    pub fn i64(&self, i: usize) -> Result<i64> {
        self.opt_i64(i)?
            .ok_or_else(|| anyhow!("column {i} is NULL"))
    }

    pub fn opt_i64(&self, i: usize) -> Result<Option<i64>> {
        match self.at(i)? {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(*v)),
            Value::Bool(b) => Ok(Some(i64::from(*b))),
            other => Err(anyhow!("column {i}: {other:?} is not an integer")),
        }
    }

    pub fn f64(&self, i: usize) -> Result<f64> {
        match self.at(i)? {
            Value::Real(v) => Ok(*v),
            Value::Int(v) => Ok(*v as f64),
            other => Err(anyhow!("column {i}: {other:?} is not a number")),
        }
    }

    pub fn bool(&self, i: usize) -> Result<bool> {
        match self.at(i)? {
            Value::Bool(b) => Ok(*b),
            Value::Int(v) => Ok(*v != 0),
            other => Err(anyhow!("column {i}: {other:?} is not a boolean")),
        }
    }

    pub fn text(&self, i: usize) -> Result<String> {
        self.opt_text(i)?
            .ok_or_else(|| anyhow!("column {i} is NULL"))
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.at(i)? {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s.clone())),
            other => Err(anyhow!("column {i}: {other:?} is not text")),
        }
    }

    /// A text column holding one of a wire enum's spellings.
    pub fn parse<T>(&self, i: usize, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
        let s = self.text(i)?;
        parse(&s).ok_or_else(|| anyhow!("column {i}: unknown value {s:?}"))
    }
}

/// A connection (or a transaction on one) of either backend.
pub trait Conn {
    fn dialect(&self) -> Dialect;
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64>;
    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>>;

    fn query_opt(&mut self, sql: &str, args: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, args)?.into_iter().next())
    }

    fn query_one(&mut self, sql: &str, args: &[Value]) -> Result<Row> {
        self.query_opt(sql, args)?
            .ok_or_else(|| anyhow!("no row from: {sql}"))
    }

    /// See [`Dialect::table_lock`].
    fn lock_table(&mut self, table: &str) -> Result<()> {
        if let Some(sql) = self.dialect().table_lock(table) {
            self.execute(&sql, &[])?;
        }
        Ok(())
    }
}

/// The read side of a connection, async: PostgreSQL reads run on the runtime's threads, with no
/// hop to the blocking pool (that hop and its wake-ups were most of a PostgreSQL read's cost in
/// the benchmarks). SQLite's answers at once.
#[async_trait::async_trait]
pub trait ReadConn: Send {
    fn dialect(&self) -> Dialect;

    async fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>>;

    async fn query_opt(&mut self, sql: &str, args: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, args).await?.into_iter().next())
    }

    async fn query_one(&mut self, sql: &str, args: &[Value]) -> Result<Row> {
        self.query_opt(sql, args)
            .await?
            .ok_or_else(|| anyhow!("no row from: {sql}"))
    }
}

/// What a read returns: a future borrowing the connection it runs on.
pub type ReadFuture<'c, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T>> + Send + 'c>>;

/// `?N` → `$N`, for PostgreSQL. Statements here never hold `?` inside string literals.
pub fn numbered_params(sql: &str) -> String {
    sql.replace('?', "$")
}
