//! The platform state's rules: secrets, tickets, codes, tokens, lapses, the list.

use super::*;

const C: &str = "wxcomponent";
const A: &str = "wxauthorizer";
const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn settings() -> TokenSettings {
    TokenSettings {
        ttl: secs(7200),
        grace: secs(300),
        force_interval: secs(30),
        force_daily_limit: 20,
    }
}

fn platforms() -> Components {
    let config = SimConfig {
        ticket_ttl: secs(100),
        ..SimConfig::default()
    }
    .component(C, "csecret", "ctoken", KEY);
    Components::new(&config).unwrap()
}

fn grant<'a>(
    pre_auth_code: &'a str,
    authorizer_appid: &'a str,
    kind: AuthorizerType,
    func_ids: &'a [i64],
) -> Grant<'a> {
    Grant {
        pre_auth_code,
        authorizer_appid,
        kind,
        func_ids,
    }
}

fn valid(status: TokenStatus) -> bool {
    matches!(status, TokenStatus::Valid(_))
}

/// An authorized account and its first query_auth.
fn authorized(c: &mut Components, t0: Instant) -> QueryAuth {
    let pre = c.create_pre_auth_code(C, t0).unwrap();
    let g = c
        .authorize(
            C,
            &grant(&pre, A, AuthorizerType::OfficialAccount, &[]),
            t0,
            1000,
        )
        .unwrap();
    assert!(!g.update);
    c.query_auth(C, &g.auth_code, settings(), t0).unwrap()
}

#[test]
fn secrets_and_tickets() {
    let mut c = platforms();
    let t0 = Instant::now();
    assert_eq!(c.check_secret(None, Some("x"), 61011), Err(41002));
    assert_eq!(c.check_secret(Some(C), None, 61011), Err(41004));
    assert_eq!(c.check_secret(Some("wxno"), Some("x"), 61011), Err(61011));
    assert_eq!(c.check_secret(Some(C), Some("x"), 61011), Err(40125));
    assert_eq!(c.check_secret(Some(C), Some("csecret"), 61011), Ok(()));
    let first = c.new_ticket(C, t0).unwrap();
    let second = c.new_ticket(C, t0 + secs(50)).unwrap();
    assert!(first.starts_with("ticket@@@"));
    assert_eq!(c.check_ticket(C, Some(&first), t0 + secs(99)), Ok(()));
    assert_eq!(c.check_ticket(C, Some(&first), t0 + secs(100)), Err(61005));
    assert_eq!(c.check_ticket(C, Some(&second), t0 + secs(100)), Ok(()));
    assert_eq!(c.check_ticket(C, Some("ticket@@@x"), t0), Err(61006));
    assert_eq!(c.check_ticket(C, None, t0), Err(61006));
    assert_eq!(c.check_ticket("wxno", Some(&first), t0), Err(61006));
}

#[test]
fn component_tokens_follow_the_classic_rules() {
    let mut c = platforms();
    let t0 = Instant::now();
    let a = c.issue_component_token(C, settings(), t0).unwrap();
    assert_eq!(a.expires_in, 7200);
    assert_eq!(
        c.component_status(&a.access_token, t0),
        TokenStatus::Valid(C.into())
    );
    let b = c
        .issue_component_token(C, settings(), t0 + secs(1))
        .unwrap();
    assert!(valid(c.component_status(&a.access_token, t0 + secs(300))));
    assert_eq!(
        c.component_status(&a.access_token, t0 + secs(301)),
        TokenStatus::Invalid
    );
    assert_eq!(
        c.current_component_token(C, t0),
        Some(b.access_token.clone())
    );
    assert!(c.expire(C, t0 + secs(2)));
    assert_eq!(
        c.component_status(&b.access_token, t0 + secs(2)),
        TokenStatus::Expired
    );
    assert_eq!(c.current_component_token(C, t0 + secs(2)), None);
    assert!(!c.invalidate("wxnobody", t0));
    // Authorizer tokens are not component tokens.
    assert_eq!(
        c.authorizer_status(&b.access_token, t0),
        TokenStatus::Invalid
    );
}

#[test]
fn pre_auth_codes_are_single_use_and_expire() {
    let mut c = platforms();
    let t0 = Instant::now();
    let kind = AuthorizerType::MiniProgram;
    let pre = c.create_pre_auth_code(C, t0).unwrap();
    assert!(c.authorize(C, &grant(&pre, A, kind, &[]), t0, 1).is_ok());
    assert!(matches!(
        c.authorize(C, &grant(&pre, A, kind, &[]), t0, 1),
        Err(Refusal::Invalid(_))
    ));
    let late = c.create_pre_auth_code(C, t0).unwrap();
    assert!(matches!(
        c.authorize(C, &grant(&late, A, kind, &[]), t0 + PRE_AUTH_CODE_TTL, 1),
        Err(Refusal::Invalid(_))
    ));
    assert!(matches!(
        c.authorize("wxno", &grant(&late, A, kind, &[]), t0, 1),
        Err(Refusal::NotFound(_))
    ));
    // A second authorization while authorized is an update.
    let again = c.create_pre_auth_code(C, t0).unwrap();
    assert!(
        c.authorize(C, &grant(&again, A, kind, &[18]), t0, 2)
            .unwrap()
            .update
    );
    assert_eq!(c.authorizer(C, A).unwrap().func_ids, [18]);
}

#[test]
fn auth_codes_are_single_use_and_expire() {
    let mut c = platforms();
    let t0 = Instant::now();
    let pre = c.create_pre_auth_code(C, t0).unwrap();
    let kind = AuthorizerType::OfficialAccount;
    let g = c
        .authorize(C, &grant(&pre, A, kind, &[1, 2]), t0, 1)
        .unwrap();
    assert_eq!(g.expires_in, 600);
    assert_eq!(
        c.query_auth(C, "queryauthcode@@@x", settings(), t0),
        Err(61009)
    );
    let q = c.query_auth(C, &g.auth_code, settings(), t0).unwrap();
    assert_eq!(q.authorizer_appid, A);
    assert_eq!(q.func_ids, [1, 2]);
    assert_eq!(
        c.authorizer_status(&q.token.access_token, t0),
        TokenStatus::Valid(A.into())
    );
    assert_eq!(c.query_auth(C, &g.auth_code, settings(), t0), Err(61010));
    let pre = c.create_pre_auth_code(C, t0).unwrap();
    let g = c.authorize(C, &grant(&pre, A, kind, &[]), t0, 1).unwrap();
    assert_eq!(
        c.query_auth(C, &g.auth_code, settings(), t0 + AUTH_CODE_TTL),
        Err(61010)
    );
}

#[test]
fn lapses_count_tokens_that_expired_before_their_successor() {
    let mut c = platforms();
    let t0 = Instant::now();
    let ttl = settings().ttl;
    let q = authorized(&mut c, t0);
    let clean = LapseReport {
        authorizers: 1,
        ..LapseReport::default()
    };
    assert_eq!(c.lapses(C, t0 + ttl), clean);
    // Renewed in time: no lapse.
    let (_, r1) = c
        .refresh(C, A, &q.refresh_token, settings(), t0 + ttl / 2)
        .unwrap();
    assert_eq!(c.lapses(C, t0 + ttl), clean);
    // The newest token expired: a lapse now, then one in the past once renewed.
    let late = t0 + ttl / 2 + ttl + secs(7);
    assert_eq!(c.lapses(C, late).lapsed_now, 1);
    assert_eq!(c.lapses(C, late).longest, secs(7));
    c.refresh(C, A, &r1, settings(), late).unwrap();
    let report = c.lapses(C, late);
    assert_eq!((report.lapses, report.lapsed_now), (1, 0));
    assert_eq!(report.longest, secs(7));
}

#[test]
fn refresh_rotates_and_unauthorization_revokes() {
    let mut c = platforms();
    let t0 = Instant::now();
    let q = authorized(&mut c, t0);
    let (t1, r1) = c.refresh(C, A, &q.refresh_token, settings(), t0).unwrap();
    assert_eq!(
        c.refresh_tokens(C, A),
        [q.refresh_token.clone(), r1.clone()]
    );
    assert_eq!(
        c.current_authorizer_token(C, A, t0),
        Some(t1.access_token.clone())
    );
    let (_, r2) = c.refresh(C, A, &r1, settings(), t0).unwrap();
    assert_eq!(
        c.refresh(C, A, &q.refresh_token, settings(), t0),
        Err(INVALID_REFRESH_TOKEN)
    );
    assert_eq!(c.refresh(C, "wxother", &r2, settings(), t0), Err(61023));
    assert_eq!(c.list(C, 0, 10), (1, vec![(A.into(), r2.clone(), 1000)]));

    c.unauthorize(C, A, t0 + secs(1)).unwrap();
    assert_eq!(
        c.authorizer_status(&t1.access_token, t0 + secs(1)),
        TokenStatus::Invalid
    );
    assert_eq!(c.refresh(C, A, &r2, settings(), t0), Err(61023));
    assert_eq!(c.authorizer(C, A).unwrap_err(), NOT_AUTHORIZED);
    assert_eq!(c.list(C, 0, 10).0, 0);
    assert!(matches!(c.unauthorize(C, A, t0), Err(Refusal::Invalid(_))));
    assert!(c.knows_authorizer(A));
}

#[test]
fn invalidate_names_authorizers_too() {
    let mut c = platforms();
    let t0 = Instant::now();
    let q = authorized(&mut c, t0);
    let own = c.issue_component_token(C, settings(), t0).unwrap();
    assert!(c.invalidate(A, t0));
    assert_eq!(
        c.authorizer_status(&q.token.access_token, t0),
        TokenStatus::Invalid
    );
    assert!(valid(c.component_status(&own.access_token, t0)));
}

#[test]
fn the_list_pages_in_authorization_order() {
    let mut c = platforms();
    let t0 = Instant::now();
    for (i, id) in ["wxz", "wxa", "wxm"].iter().enumerate() {
        let pre = c.create_pre_auth_code(C, t0).unwrap();
        let kind = AuthorizerType::OfficialAccount;
        c.authorize(C, &grant(&pre, id, kind, &[]), t0, i as u64)
            .unwrap();
    }
    let ids = |page: Vec<(String, String, u64)>| -> Vec<String> {
        page.into_iter().map(|(id, _, _)| id).collect()
    };
    let (total, page) = c.list(C, 0, 2);
    assert_eq!(total, 3);
    assert_eq!(ids(page), ["wxz", "wxa"]);
    assert_eq!(ids(c.list(C, 2, 2).1), ["wxm"]);
    assert!(c.list(C, 5, 2).1.is_empty());
}
