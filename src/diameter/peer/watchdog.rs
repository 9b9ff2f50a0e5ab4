//! The RFC 3539 §3.4 application-layer watchdog, as a pure transition
//! function. The peer machine owns the Tw timer and the DWR/DWA bytes; this
//! module only decides.
//!
//! ```text
//! State    Event                       Actions                      New state
//! -------  --------------------------  ---------------------------  ---------
//! INITIAL  Connection up               SetWatchdog()                OKAY
//! OKAY     Receive DWA                 Pending = FALSE, SetWatchdog OKAY
//! OKAY     Receive non-DWA             SetWatchdog()                OKAY
//! OKAY     Timer expires & !Pending    SendWatchdog(), SetWatchdog  OKAY
//!                                      Pending = TRUE
//! OKAY     Timer expires & Pending     Failover(), SetWatchdog()    SUSPECT
//! OKAY     Connection down             Failover(), SetWatchdog()    DOWN
//! SUSPECT  Receive DWA                 Pending = FALSE, Failback()  OKAY
//!                                      SetWatchdog()
//! SUSPECT  Receive non-DWA             Failback(), SetWatchdog()    OKAY
//! SUSPECT  Timer expires               CloseConnection()            DOWN
//! SUSPECT  Connection down             CloseConnection()            DOWN
//! DOWN     Timer expires               AttemptOpen(), SetWatchdog   DOWN
//! DOWN     Connection up               NumDWA = 0, SendWatchdog()   REOPEN
//!                                      SetWatchdog(), Pending=TRUE
//! REOPEN   Receive DWA & NumDWA < 2    Pending = FALSE, NumDWA++    REOPEN
//! REOPEN   Receive DWA & NumDWA == 2   Pending = FALSE, NumDWA++    OKAY
//!                                      Failback()
//! REOPEN   Receive non-DWA             Throwaway()                  REOPEN
//! REOPEN   Timer expires & !Pending    SendWatchdog(), SetWatchdog  REOPEN
//!                                      Pending = TRUE
//! REOPEN   Timer expires & Pending &   NumDWA = -1, SetWatchdog()   REOPEN
//!          NumDWA >= 0
//! REOPEN   Timer expires & Pending &   CloseConnection()            DOWN
//!          NumDWA < 0
//! REOPEN   Connection down             CloseConnection()            DOWN
//! ```
//!
//! In `roam`, AttemptOpen in DOWN is the peer machine's Tc reconnect
//! (RFC 6733 §2.1), so the watchdog keeps no timer while DOWN.

/// The watchdog states of RFC 3539 §3.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WatchdogState {
    /// No connection has been up yet (or the last one was closed cleanly).
    Initial,
    /// The connection is usable.
    Okay,
    /// A watchdog went unanswered: failed over, not usable.
    Suspect,
    /// The connection was closed after a failure.
    Down,
    /// A new connection after a failure, validated by three DWAs before use.
    Reopen,
}

/// What the watchdog asks for after one event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Actions {
    /// Send a DWR.
    pub(crate) send_dwr: bool,
    /// (Re)arm Tw with fresh jitter.
    pub(crate) set_timer: bool,
    /// Stop Tw.
    pub(crate) stop_timer: bool,
    /// Failover(): the peer became unusable; hand back pending requests.
    pub(crate) failover: bool,
    /// Failback(): the peer became usable again.
    pub(crate) failback: bool,
    /// CloseConnection().
    pub(crate) close: bool,
    /// Throwaway(): discard the received message.
    pub(crate) throwaway: bool,
}

/// The watchdog of one peer.
#[derive(Debug, Clone)]
pub(crate) struct Watchdog {
    pub(crate) state: WatchdogState,
    pub(crate) pending: bool,
    num_dwa: i8,
}

impl Watchdog {
    pub(crate) fn new() -> Watchdog {
        Watchdog {
            state: WatchdogState::Initial,
            pending: false,
            num_dwa: 0,
        }
    }

    /// The peer may carry requests.
    pub(crate) fn usable(&self) -> bool {
        self.state == WatchdogState::Okay
    }

    /// Capabilities exchange completed on a new connection.
    pub(crate) fn connection_up(&mut self) -> Actions {
        let mut a = Actions::default();
        match self.state {
            WatchdogState::Initial | WatchdogState::Okay | WatchdogState::Suspect => {
                self.state = WatchdogState::Okay;
                self.pending = false;
                a.set_timer = true;
                a.failback = true;
            }
            WatchdogState::Down | WatchdogState::Reopen => {
                self.state = WatchdogState::Reopen;
                self.num_dwa = 0;
                self.pending = true;
                a.send_dwr = true;
                a.set_timer = true;
            }
        }
        a
    }

    /// The transport connection went away (or was closed by us because of
    /// an error).
    pub(crate) fn connection_down(&mut self) -> Actions {
        let mut a = Actions {
            stop_timer: true,
            ..Actions::default()
        };
        match self.state {
            WatchdogState::Okay => {
                a.failover = true;
                self.state = WatchdogState::Down;
            }
            WatchdogState::Suspect | WatchdogState::Reopen => self.state = WatchdogState::Down,
            WatchdogState::Initial | WatchdogState::Down => {}
        }
        self.pending = false;
        a
    }

    /// An orderly shutdown (DPR/DPA): not a failure, so the next
    /// connection is put into service at once.
    pub(crate) fn reset(&mut self) -> Actions {
        let a = Actions {
            stop_timer: true,
            failover: self.state == WatchdogState::Okay,
            ..Actions::default()
        };
        *self = Watchdog::new();
        a
    }

    /// A message arrived on the open connection.
    pub(crate) fn receive(&mut self, is_dwa: bool) -> Actions {
        let mut a = Actions::default();
        match self.state {
            WatchdogState::Okay => {
                if is_dwa {
                    self.pending = false;
                }
                a.set_timer = true;
            }
            WatchdogState::Suspect => {
                if is_dwa {
                    self.pending = false;
                }
                self.state = WatchdogState::Okay;
                a.failback = true;
                a.set_timer = true;
            }
            WatchdogState::Reopen => {
                if is_dwa {
                    self.pending = false;
                    if self.num_dwa >= 2 {
                        self.num_dwa = 3;
                        self.state = WatchdogState::Okay;
                        a.failback = true;
                        a.set_timer = true;
                    } else {
                        self.num_dwa = self.num_dwa.saturating_add(1);
                    }
                } else {
                    a.throwaway = true;
                }
            }
            WatchdogState::Initial | WatchdogState::Down => {
                if is_dwa {
                    self.pending = false;
                }
                a.throwaway = true;
            }
        }
        a
    }

    /// Tw expired.
    pub(crate) fn timer_expired(&mut self) -> Actions {
        let mut a = Actions::default();
        match self.state {
            WatchdogState::Okay if !self.pending => {
                a.send_dwr = true;
                a.set_timer = true;
                self.pending = true;
            }
            WatchdogState::Okay => {
                a.failover = true;
                a.set_timer = true;
                self.state = WatchdogState::Suspect;
            }
            WatchdogState::Suspect => {
                a.close = true;
                a.stop_timer = true;
                self.state = WatchdogState::Down;
            }
            WatchdogState::Reopen if !self.pending => {
                a.send_dwr = true;
                a.set_timer = true;
                self.pending = true;
            }
            WatchdogState::Reopen if self.num_dwa >= 0 => {
                self.num_dwa = -1;
                a.set_timer = true;
            }
            WatchdogState::Reopen => {
                a.close = true;
                a.stop_timer = true;
                self.state = WatchdogState::Down;
            }
            WatchdogState::Initial | WatchdogState::Down => a.stop_timer = true,
        }
        a
    }
}
