//! Serving with one single-threaded runtime per thread, each on its own listener of one
//! port (`SO_REUSEPORT`): the kernel spreads connections over the threads, and a request
//! is parsed, answered and written by one thread without waking another. For requests
//! as small as the hub's, this halves the scheduling work of a work-stealing runtime.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use super::{refresher, Hub};

/// Listeners bound to one address, one per serving thread.
///
/// Made by [`Listeners::bind`]; served by [`Hub::serve_threads`].
#[derive(Debug)]
pub struct Listeners {
    sockets: Vec<std::net::TcpListener>,
    addr: SocketAddr,
}

impl Listeners {
    /// Binds `threads` listeners (at least one) to `addr` with `SO_REUSEPORT`; with port
    /// 0 the first one picks a free port and the others take the same. Where the
    /// platform has no `SO_REUSEPORT`, binds one listener. Call it inside a Tokio
    /// runtime.
    ///
    /// # Errors
    /// The I/O error of binding (address in use, no permission).
    pub async fn bind(addr: SocketAddr, threads: usize) -> io::Result<Listeners> {
        let threads = if cfg!(unix) { threads.max(1) } else { 1 };
        let mut sockets = Vec::with_capacity(threads);
        let mut bound = addr;
        for _ in 0..threads {
            let socket = if addr.is_ipv4() {
                tokio::net::TcpSocket::new_v4()?
            } else {
                tokio::net::TcpSocket::new_v6()?
            };
            socket.set_reuseaddr(true)?;
            #[cfg(all(unix, not(any(target_os = "solaris", target_os = "illumos"))))]
            socket.set_reuseport(true)?;
            socket.bind(bound)?;
            let listener = socket.listen(1024)?;
            bound = listener.local_addr()?;
            sockets.push(listener.into_std()?);
        }
        Ok(Listeners {
            sockets,
            addr: bound,
        })
    }

    /// The bound address (with the port picked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many serving threads.
    pub fn threads(&self) -> usize {
        self.sockets.len()
    }
}

impl Hub {
    /// Serves on `listeners`, one thread each, until `shutdown` completes; then finishes
    /// the requests in flight. The proactive refresher runs on the calling runtime, as
    /// with [`Hub::serve`].
    ///
    /// # Errors
    /// The I/O error that stopped a serving thread, or a thread that could not start.
    pub async fn serve_threads(
        mut self,
        listeners: Listeners,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let router = super::router::router(self.shared.clone());
        // Each thread bounds its own connections: the bound is split between them.
        let mut limits = self.shared.limits;
        limits.max_connections = limits
            .connection_bound()
            .div_ceil(listeners.sockets.len().max(1));
        let refreshers = self.spawn_refreshers();
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let mut threads = Vec::new();
        for (i, socket) in listeners.sockets.into_iter().enumerate() {
            let router = router.clone();
            let mut stopped = stopped.clone();
            let thread = std::thread::Builder::new()
                .name(format!("wechat-hub-{i}"))
                .spawn(move || -> io::Result<()> {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    runtime.block_on(async move {
                        socket.set_nonblocking(true)?;
                        let listener = tokio::net::TcpListener::from_std(socket)?;
                        super::connections::serve(listener, router, limits, async move {
                            let _ = stopped.wait_for(|s| *s).await;
                        })
                        .await
                    })
                })?;
            threads.push(thread);
        }
        shutdown.await;
        let _ = stop.send(true);
        let joined = tokio::task::spawn_blocking(move || {
            threads
                .into_iter()
                .map(|t| {
                    t.join()
                        .unwrap_or_else(|_| Err(io::Error::other("a serving thread panicked")))
                })
                .collect::<io::Result<Vec<()>>>()
        })
        .await
        .map_err(io::Error::other)?;
        drop(refreshers);
        joined.map(drop)
    }
}

/// Refresher tasks, aborted on drop.
pub(super) struct Refreshers(pub(super) tokio::task::JoinSet<()>);

impl Drop for Refreshers {
    fn drop(&mut self) {
        self.0.abort_all();
    }
}

impl Hub {
    /// Starts the refresher tasks on the current runtime.
    pub(super) fn spawn_refreshers(&mut self) -> Refreshers {
        let mut set = tokio::task::JoinSet::new();
        let tasks = std::mem::take(&mut self.tasks);
        let eager = tasks.iter().filter(|t| t.eager).count().max(1) as u32;
        let mut index = 0u32;
        for task in tasks {
            let delay = if task.eager {
                index += 1;
                self.refresh.startup_spread * (index - 1) / eager
            } else {
                std::time::Duration::ZERO
            };
            set.spawn(refresher::run(
                task,
                self.refresh,
                delay,
                self.shared.metrics.clone(),
            ));
        }
        for platform in self.shared.platforms.values() {
            set.spawn(super::authorizer_refresher::run(
                Arc::clone(platform),
                self.refresh,
                self.shared.clock.clone(),
            ));
        }
        Refreshers(set)
    }
}
