//! The page's analysis service, one interface two transports: `service::Service` in-process for small inputs, the analysis worker for big ones.
use super::state::PageInput;
use super::worker_client::{AnalysisWorker, Answer, Query};
use crate::model::Input;
use crate::service::{Service, Sources};
use std::cell::RefCell;
use std::rc::Rc;

/// Where the current analysis is held and answers `Query`s.
pub enum Backend {
    /// The analysis worker (big inputs: the page never read them).
    Worker(AnalysisWorker),
    /// The service on the page (inputs up to `state::INLINE_LIMIT`, whose texts the page holds),
    /// and the questions about a newer generation than it holds: the views ask as soon as they
    /// draw it, before `effects::use_analysis` has analysed it (see `ServiceRef::hold`).
    Here(Box<Service<PageSources>>, Vec<Waiting>),
}

/// A question waiting for its generation's analysis.
pub type Waiting = (Query, Box<dyn FnOnce(Answer)>);

/// The page's inputs, read again by the in-process service from the texts the page holds (no
/// copy of them is kept).
pub struct PageSources(pub Rc<Vec<PageInput>>);

impl Sources for PageSources {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn read(&self, o: usize) -> Result<Vec<Input>, String> {
        let i = self.0.get(o).ok_or_else(|| format!("no input {o}"))?;
        let text = i
            .inline_text()
            .ok_or("this input is not held on the page")?;
        Ok(vec![Input {
            name: i.name.clone(),
            text: text.to_string().into(),
            encoding: i.encoding,
            skipped: i.skipped.clone(),
        }])
    }
}

/// The service the views ask (see `ServiceRef::ask`), shared by every component.
#[derive(Clone, Default)]
pub struct ServiceRef(pub Rc<RefCell<Option<Backend>>>);

impl PartialEq for ServiceRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl ServiceRef {
    /// Asks about the held analysis: the worker answers later, the page's own service at once
    /// (the inputs are small). False when nothing holds an analysis (e.g. the worker was
    /// cancelled); `on_answer` is then never called.
    pub fn ask(
        &self,
        make: impl FnOnce(u64) -> Query,
        on_answer: impl FnOnce(Answer) + 'static,
    ) -> bool {
        let answer = match &mut *self.0.borrow_mut() {
            Some(Backend::Worker(w)) => {
                w.ask(make, on_answer);
                return true;
            }
            Some(Backend::Here(s, waiting)) => {
                let q = make(0);
                if q.ids().1 > s.id {
                    waiting.push((q, Box::new(on_answer)));
                    return true;
                }
                answer_here(s, q)
            }
            None => return false,
        };
        // Called with the service released: the callback may ask again.
        on_answer(answer);
        true
    }

    /// Holds the page's own service from now on, and answers the questions that waited for it.
    pub fn hold(&self, service: Service<PageSources>) {
        let waiting = match self.0.borrow_mut().take() {
            Some(Backend::Here(_, w)) => w,
            _ => Vec::new(),
        };
        *self.0.borrow_mut() = Some(Backend::Here(Box::new(service), Vec::new()));
        for (q, on_answer) in waiting {
            let answer = match &mut *self.0.borrow_mut() {
                Some(Backend::Here(s, _)) => answer_here(s, q),
                _ => return,
            };
            on_answer(answer);
        }
    }
}

/// The answer of the page's own service, as the worker's would arrive.
fn answer_here(s: &mut Service<PageSources>, q: Query) -> Answer {
    if let Query::Export {
        id,
        format,
        overrides,
        ..
    } = q
    {
        let mut bytes = Vec::new();
        let ok = id == s.id && s.export(format, overrides, &mut bytes).is_ok();
        let blob = ok.then(|| blob(&bytes, format.mime())).flatten();
        return Answer::File(blob);
    }
    match s.answer(q) {
        Some(reply) => Answer::from_reply(reply)
            .map(|(_, a)| a)
            .unwrap_or(Answer::File(None)),
        None => Answer::File(None),
    }
}

/// A file of these bytes.
fn blob(bytes: &[u8], mime: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag).ok()
}
