//! Every account authorized to the platform, as WeChat lists them: the pages of
//! `api_get_authorizer_list` (at most 500 accounts each) one after the other.
//!
//! Doc: <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/authorization-management/getAuthorizerList.html>

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::Platform;
use crate::api::component::{
    ApiGetAuthorizerListRequest, ApiGetAuthorizerListResponse, AuthorizerListItem,
};
use crate::Result;

/// The most accounts one `api_get_authorizer_list` answers (40170 above).
pub const AUTHORIZER_LIST_PAGE_MAX: u32 = 500;

type PageFuture = Pin<Box<dyn Future<Output = Result<ApiGetAuthorizerListResponse>> + Send>>;

/// The accounts WeChat lists as authorized to the platform, page by page
/// ([`Platform::authorizer_list`]).
///
/// A [`Stream`] of accounts (use `futures::StreamExt`, or [`AuthorizerList::next`]
/// without it), fetching the next page once the previous one is used up; or
/// [`AuthorizerList::next_page`] for whole pages. WeChat lists accounts in the order
/// they authorized, so accounts that authorize during the walk come at the end.
///
/// After an error (a WeChat errcode, a transport failure), the stream ends;
/// [`AuthorizerList::offset`] is where to resume with
/// [`Platform::authorizer_list_from`].
pub struct AuthorizerList {
    platform: Platform,
    count: u32,
    offset: u32,
    total: Option<u32>,
    buffer: VecDeque<AuthorizerListItem>,
    pending: Option<PageFuture>,
    done: bool,
}

impl fmt::Debug for AuthorizerList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizerList")
            .field("component_appid", &self.platform.appid())
            .field("offset", &self.offset)
            .field("total", &self.total)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl Platform {
    /// Every account WeChat lists as authorized to the platform, `page_size` per
    /// `api_get_authorizer_list` request (1 to 500; clamped), from the first one.
    ///
    /// The registry of this SDK ([`Platform::authorizers`]) is what the platform
    /// learned from pushes and authorizations; this is WeChat's own list, for example
    /// to reconcile the two.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/authorization-management/getAuthorizerList.html>
    pub fn authorizer_list(&self, page_size: u32) -> AuthorizerList {
        self.authorizer_list_from(0, page_size)
    }

    /// As [`Platform::authorizer_list`], from the account at `offset` (0 is the first):
    /// to resume a walk that failed.
    pub fn authorizer_list_from(&self, offset: u32, page_size: u32) -> AuthorizerList {
        AuthorizerList {
            platform: self.clone(),
            count: page_size.clamp(1, AUTHORIZER_LIST_PAGE_MAX),
            offset,
            total: None,
            buffer: VecDeque::new(),
            pending: None,
            done: false,
        }
    }
}

impl AuthorizerList {
    /// The position of the next page to fetch: the number of accounts fetched so far,
    /// plus the starting offset.
    pub fn offset(&self) -> u32 {
        self.offset
    }

    /// `total_count` of the last page fetched: how many accounts WeChat counted then.
    pub fn total(&self) -> Option<u32> {
        self.total
    }

    /// The next page, fetched now (accounts the stream fetched and did not hand out
    /// yet come first, as a page of their own); `None` after the last one.
    ///
    /// # Errors
    /// What the `api_get_authorizer_list` call returned: [`crate::Error::Api`] for an
    /// errcode, [`crate::Error::ComponentTicket`] when the platform has no
    /// `component_access_token` and no ticket to get one, transport errors.
    pub async fn next_page(&mut self) -> Result<Option<Vec<AuthorizerListItem>>> {
        if !self.buffer.is_empty() {
            return Ok(Some(self.buffer.drain(..).collect()));
        }
        if self.done {
            return Ok(None);
        }
        let future = self.pending.take().unwrap_or_else(|| self.fetch());
        let page = future.await;
        self.take_page(page)
            .map(|()| (!self.buffer.is_empty()).then(|| self.buffer.drain(..).collect()))
    }

    /// The next account (fetching the next page when needed), or `None` after the
    /// last one or after an error: the stream's `next` without `futures::StreamExt`.
    ///
    /// # Errors
    /// As [`AuthorizerList::next_page`], once; the stream ends after it.
    pub async fn next(&mut self) -> Option<Result<AuthorizerListItem>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    fn fetch(&self) -> PageFuture {
        let platform = self.platform.clone();
        let request = ApiGetAuthorizerListRequest {
            component_appid: platform.appid().to_owned(),
            offset: self.offset,
            count: self.count,
        };
        Box::pin(async move { platform.component().api_get_authorizer_list(&request).await })
    }

    /// Takes a page's answer: its accounts into the buffer, the position past them.
    fn take_page(&mut self, page: Result<ApiGetAuthorizerListResponse>) -> Result<()> {
        let page = page.inspect_err(|_| self.done = true)?;
        let got = u32::try_from(page.list.len()).unwrap_or(u32::MAX);
        self.offset = self.offset.saturating_add(got);
        self.total = Some(page.total_count);
        // A short page is the last one: nothing more to ask for.
        if got < self.count || self.offset >= page.total_count {
            self.done = true;
        }
        self.buffer.extend(page.list);
        Ok(())
    }
}

impl Stream for AuthorizerList {
    type Item = Result<AuthorizerListItem>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if self.done {
                return Poll::Ready(None);
            }
            if self.pending.is_none() {
                self.pending = Some(self.fetch());
            }
            let Some(pending) = self.pending.as_mut() else {
                return Poll::Ready(None);
            };
            let page = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            self.pending = None;
            if let Err(e) = self.take_page(page) {
                return Poll::Ready(Some(Err(e)));
            }
        }
    }
}
