//! The compiled matcher against the shared ClassBench traces (the `expected`
//! column is ground truth) and against the linear reference.

use roam::policy::classbench::{self, Engine};
use roam::policy::compiled::CompiledMatcher;
use roam::policy::linear::LinearMatcher;

const BENCH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/");

fn read(name: &str) -> Option<String> {
    match std::fs::read_to_string(format!("{BENCH}{name}")) {
        Ok(s) => Some(s),
        Err(e) => {
            println!("skipping: cannot read {BENCH}{name}: {e}");
            None
        }
    }
}

fn check_shared(size: usize) {
    let (Some(rules), Some(trace)) = (
        read(&format!("acl{size}.rules")),
        read(&format!("acl{size}.trace")),
    ) else {
        return;
    };
    let report = classbench::run(&rules, &trace, Engine::Compiled).unwrap();
    println!("{}", report.to_json());
    assert_eq!(report.rules, size);
    assert_eq!(report.packets, 100_000);
    assert_eq!(report.mismatches, 0, "compiled acl{size}");
}

#[test]
fn shared_acl100_zero_mismatches() {
    check_shared(100);
}

#[test]
fn shared_acl1000_zero_mismatches() {
    check_shared(1000);
}

#[test]
fn shared_acl10000_zero_mismatches() {
    check_shared(10000);
}

#[test]
fn shared_acl1000_linear_agrees() {
    let (Some(rules), Some(trace)) = (read("acl1000.rules"), read("acl1000.trace")) else {
        return;
    };
    // The reference must itself reproduce the ground truth (on a sample, for time).
    let rules = classbench::parse_rules(&rules).unwrap();
    let trace = classbench::parse_trace(&trace).unwrap();
    let lin = LinearMatcher::new(&rules).unwrap();
    let sample: Vec<_> = trace.iter().step_by(10).copied().collect();
    assert_eq!(classbench::mismatches(&sample, |k| lin.classify(k)), 0);
    let comp = CompiledMatcher::new(&rules).unwrap();
    let s = comp.stats();
    println!("acl1000 stats: {s:?}");
    assert_eq!(s.rules, 1000);
}

#[test]
fn filter_line_parses_as_the_readme_says() {
    use roam::policy::{AddrMatch, PortRange, ProtoMatch};
    let f = classbench::parse_filter(
        "@10.1.0.0/16\t192.0.2.7/32\t0 : 65535\t443 : 443\t0x06/0xFF\t0x0000/0x0000\t",
    )
    .unwrap();
    assert_eq!(f.src, AddrMatch::prefix([10, 1, 0, 0].into(), 16));
    assert_eq!(f.dst, AddrMatch::exact([192, 0, 2, 7].into()));
    assert_eq!(f.sport, PortRange::ANY);
    assert_eq!(f.dport, PortRange::exact(443));
    assert_eq!(f.proto, ProtoMatch::TCP);
    assert_eq!(
        classbench::format_filter(&f).unwrap(),
        "@10.1.0.0/16\t192.0.2.7/32\t0 : 65535\t443 : 443\t0x06/0xFF\t0x0000/0x0000\t"
    );
    // "any" protocol, and host bits cleared as db_generator does.
    let f = classbench::parse_filter(
        "@10.1.2.3/16 0.0.0.0/0 0 : 65535 0 : 65535 0x00/0x00 0x0000/0x0000",
    )
    .unwrap();
    assert_eq!(f.src.addr(), 0x0A01_0000);
    assert_eq!(f.proto, ProtoMatch::ANY);
}

#[test]
fn parse_errors_carry_line_numbers() {
    use classbench::{ParseError, ParseErrorKind as K};
    let good = "@1.0.0.0/8\t2.0.0.0/8\t0 : 65535\t0 : 65535\t0x06/0xFF\t0x0000/0x0000\t";
    for (bad, kind) in [
        ("1.0.0.0/8 2.0.0.0/8 0 : 1 0 : 1 0x06/0xFF", K::MissingAt),
        (
            "@1.0.0.0/33 2.0.0.0/8 0 : 1 0 : 1 0x06/0xFF",
            K::BadPrefixLen { field: 0 },
        ),
        (
            "@1.0.0/8 2.0.0.0/8 0 : 1 0 : 1 0x06/0xFF",
            K::BadAddress { field: 0 },
        ),
        (
            "@1.0.0.0/8 2.0.0.0/8 5 : 1 0 : 1 0x06/0xFF",
            K::EmptyPortRange { field: 2 },
        ),
        (
            "@1.0.0.0/8 2.0.0.0/8 0 : 1 0 - 1 0x06/0xFF",
            K::BadPort { field: 3 },
        ),
        (
            "@1.0.0.0/8 2.0.0.0/8 0 : 1 0 : 70000 0x06/0xFF",
            K::BadPort { field: 3 },
        ),
        (
            "@1.0.0.0/8 2.0.0.0/8 0 : 1 0 : 1 0x106/0xFF",
            K::BadProtocol,
        ),
        (
            "@1.0.0.0/8 2.0.0.0/8 0 : 1 0 : 1 0x06/0xFF 0x0002/0x0002",
            K::BadFlags,
        ),
        (
            "@1.0.0.0/8 2.0.0.0/8 0 : 1 0 : 1 0x06/0xFF 0x0000/0x0000 x",
            K::TrailingField,
        ),
        ("@1.0.0.0/8 2.0.0.0/8 0 : 1", K::MissingField { field: 3 }),
    ] {
        let text = format!("{good}\n\n{bad}\n{good}\n");
        assert_eq!(
            classbench::parse_rules(&text),
            Err(ParseError { line: 3, kind }),
            "{bad}"
        );
    }
    let rules = classbench::parse_rules(&format!("{good}\n\n{good}\n")).unwrap();
    assert_eq!(rules.iter().map(|r| r.id.0).collect::<Vec<_>>(), [1, 3]);
    assert_eq!(
        classbench::parse_trace("1\t2\t3\t4\t6\t0\n1\t2\t3\t4\t6\n"),
        Err(ParseError {
            line: 2,
            kind: K::MissingField { field: 5 }
        })
    );
    assert_eq!(
        classbench::parse_trace("1\t2\t3\t4\t6\tx\n"),
        Err(ParseError {
            line: 1,
            kind: K::BadExpected
        })
    );
    assert_eq!(
        classbench::run(
            good,
            "1 2 3 4 6 0\n",
            "fast".parse().unwrap_or(Engine::Linear)
        )
        .unwrap()
        .mismatches,
        0
    );
    assert!("fast".parse::<Engine>().is_err());
}
