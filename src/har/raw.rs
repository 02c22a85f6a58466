//! The HAR's raw layer: entries, requests, responses and contents read leniently (wrong types read as
//! absent) as borrowed JSON slices, decoded only when asked (`raw_str`, `raw_num`).

use super::classify;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

// ---------------------------------------------------------------------------------------------
// Keys

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum K {
    Log,
    Version,
    Creator,
    Browser,
    Pages,
    Entries,
    Started,
    Time,
    Request,
    Response,
    Timings,
    Pageref,
    Error,
    Method,
    Url,
    Headers,
    Cookies,
    PostData,
    Status,
    StatusText,
    Content,
    RedirectUrl,
    Text,
    MimeType,
    Encoding,
    Size,
    Other,
}

impl<'de> Deserialize<'de> for K {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<K, D::Error> {
        struct KV;
        impl Visitor<'_> for KV {
            type Value = K;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<K, E> {
                Ok(match v {
                    "log" => K::Log,
                    "version" => K::Version,
                    "creator" => K::Creator,
                    "browser" => K::Browser,
                    "pages" => K::Pages,
                    "entries" => K::Entries,
                    "startedDateTime" => K::Started,
                    "time" => K::Time,
                    "request" => K::Request,
                    "response" => K::Response,
                    "timings" => K::Timings,
                    "pageref" => K::Pageref,
                    "_error" => K::Error,
                    "method" => K::Method,
                    "url" => K::Url,
                    "headers" => K::Headers,
                    "cookies" => K::Cookies,
                    "postData" => K::PostData,
                    "status" => K::Status,
                    "statusText" => K::StatusText,
                    "content" => K::Content,
                    "redirectURL" => K::RedirectUrl,
                    "text" => K::Text,
                    "mimeType" => K::MimeType,
                    "encoding" => K::Encoding,
                    "size" => K::Size,
                    _ => K::Other,
                })
            }
        }
        d.deserialize_identifier(KV)
    }
}

// ---------------------------------------------------------------------------------------------
// Lenient objects: an object fills the struct, anything else reads as "absent".

pub(crate) type Raw<'a> = Option<&'a RawValue>;

trait Fields<'de>: Default {
    fn field<A: MapAccess<'de>>(&mut self, k: K, map: &mut A) -> Result<(), A::Error>;
}

pub(crate) struct Lenient<T>(pub(crate) Option<T>);

impl<'de, T: Fields<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LenientVisitor::<T>(PhantomData))
    }
}

pub(crate) struct LenientVisitor<T>(PhantomData<T>);

macro_rules! absent {
    ($($f:ident: $t:ty),*) => {$(
        fn $f<E: de::Error>(self, _v: $t) -> Result<Self::Value, E> { Ok(Lenient(None)) }
    )*};
}

impl<'de, T: Fields<'de>> Visitor<'de> for LenientVisitor<T> {
    type Value = Lenient<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut t = T::default();
        while let Some(k) = map.next_key::<K>()? {
            t.field(k, &mut map)?;
        }
        Ok(Lenient(Some(t)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Lenient(None))
    }
    absent!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str);
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Lenient(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Lenient(None))
    }
}

/// Like [`Lenient`], but starts from a given value (carrying what is already known about the
/// entry, e.g. "not an ECE call: skip the bodies").
pub(crate) struct Prefilled<T>(T);

impl<'de, T: Fields<'de>> DeserializeSeed<'de> for Prefilled<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(PrefilledVisitor(self.0))
    }
}

pub(crate) struct PrefilledVisitor<T>(T);

impl<'de, T: Fields<'de>> Visitor<'de> for PrefilledVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut t = self.0;
        while let Some(k) = map.next_key::<K>()? {
            t.field(k, &mut map)?;
        }
        Ok(Some(t))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, _v: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _v: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _v: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _v: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, _v: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// Whether a request's URL (once read) is an ECE chat call; `None` while the URL is unknown.
pub(crate) fn ece_url(url: Raw<'_>) -> Option<bool> {
    let u = raw_str(url)?;
    Some(classify::classify(&u).is_some())
}

pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

#[derive(Default)]
pub(crate) struct RawEntry<'a> {
    pub started: Raw<'a>,
    pub time: Raw<'a>,
    pub request: Option<RawRequest<'a>>,
    pub response: Option<RawResponse<'a>>,
    pub timings: Raw<'a>,
    pub pageref: Raw<'a>,
    pub error: Raw<'a>,
}

impl<'de> Fields<'de> for RawEntry<'de> {
    fn field<A: MapAccess<'de>>(&mut self, k: K, map: &mut A) -> Result<(), A::Error> {
        match k {
            K::Started => self.started = map.next_value()?,
            K::Time => self.time = map.next_value()?,
            K::Request => self.request = map.next_value::<Lenient<RawRequest>>()?.0,
            K::Response => {
                // Exporters write the request first: when its URL is known not to be an ECE
                // call, the response body is skipped without being kept or validated.
                let skip_body = self
                    .request
                    .as_ref()
                    .and_then(|r| ece_url(r.url))
                    .is_some_and(|ece| !ece);
                self.response = map.next_value_seed(Prefilled(RawResponse {
                    skip_body,
                    ..Default::default()
                }))?
            }
            K::Timings => self.timings = map.next_value()?,
            K::Pageref => self.pageref = map.next_value()?,
            K::Error => self.error = map.next_value()?,
            _ => skip(map)?,
        }
        Ok(())
    }
}

#[derive(Default)]
pub(crate) struct RawRequest<'a> {
    pub method: Raw<'a>,
    pub url: Raw<'a>,
    pub headers: Raw<'a>,
    pub cookies: Raw<'a>,
    pub post_data: Raw<'a>,
}

impl<'de> Fields<'de> for RawRequest<'de> {
    fn field<A: MapAccess<'de>>(&mut self, k: K, map: &mut A) -> Result<(), A::Error> {
        match k {
            K::Method => self.method = map.next_value()?,
            K::Url => self.url = map.next_value()?,
            K::Headers => self.headers = map.next_value()?,
            K::Cookies => self.cookies = map.next_value()?,
            K::PostData if ece_url(self.url) == Some(false) => skip(map)?,
            K::PostData => self.post_data = map.next_value()?,
            _ => skip(map)?,
        }
        Ok(())
    }
}

#[derive(Default)]
pub(crate) struct RawResponse<'a> {
    pub status: Raw<'a>,
    pub status_text: Raw<'a>,
    pub headers: Raw<'a>,
    pub cookies: Raw<'a>,
    pub content: Option<RawContent<'a>>,
    pub redirect_url: Raw<'a>,
    pub error: Raw<'a>,
    /// Skip `content.text` (the request is known not to be an ECE call).
    pub skip_body: bool,
}

impl<'de> Fields<'de> for RawResponse<'de> {
    fn field<A: MapAccess<'de>>(&mut self, k: K, map: &mut A) -> Result<(), A::Error> {
        match k {
            K::Status => self.status = map.next_value()?,
            K::StatusText => self.status_text = map.next_value()?,
            K::Headers => self.headers = map.next_value()?,
            K::Cookies => self.cookies = map.next_value()?,
            K::Content => {
                self.content = map.next_value_seed(Prefilled(RawContent {
                    skip_text: self.skip_body,
                    ..Default::default()
                }))?
            }
            K::RedirectUrl => self.redirect_url = map.next_value()?,
            K::Error => self.error = map.next_value()?,
            _ => skip(map)?,
        }
        Ok(())
    }
}

#[derive(Default)]
pub(crate) struct RawContent<'a> {
    pub text: Raw<'a>,
    pub mime: Raw<'a>,
    pub encoding: Raw<'a>,
    /// `content.size`: the body's length as the exporter counted it.
    pub size: Raw<'a>,
    pub skip_text: bool,
}

impl<'de> Fields<'de> for RawContent<'de> {
    fn field<A: MapAccess<'de>>(&mut self, k: K, map: &mut A) -> Result<(), A::Error> {
        match k {
            K::Text if self.skip_text => skip(map)?,
            K::Text => self.text = map.next_value()?,
            K::MimeType => self.mime = map.next_value()?,
            K::Encoding => self.encoding = map.next_value()?,
            K::Size => self.size = map.next_value()?,
            _ => skip(map)?,
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Tolerant scalar decoding from raw JSON.

/// A JSON string as text (borrowed when it has no escapes); `None` for non-strings.
pub(crate) fn raw_str<'a>(r: Raw<'a>) -> Option<Cow<'a, str>> {
    let s = r?.get();
    if s.len() >= 2 && s.starts_with('"') {
        let inner = &s[1..s.len() - 1];
        if !inner.contains('\\') {
            return Some(Cow::Borrowed(inner));
        }
        return serde_json::from_str::<String>(s).ok().map(Cow::Owned);
    }
    None
}

/// A number given as a number or a numeric string; `None` for null, absent, anything else.
pub(crate) fn raw_num(r: Raw<'_>) -> Option<f64> {
    let s = r?.get();
    let t = s.trim_matches('"').trim();
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}
