//! Property laws of validation and error answers over the built-in
//! dictionary.

use proptest::prelude::*;
use roam::diameter::answer::{ErrorAnswer, Identity};
use roam::diameter::dict::Dictionary;
use roam::diameter::wire::{AvpCode, Message, ResultCode};

fn cer() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testvectors/diameter/bench/cer.bin"
    ))
    .unwrap()
}

const ME: Identity<'static> = Identity {
    origin_host: "aaa.example",
    origin_realm: "example",
};

proptest! {
    /// Validation never panics, and an error always maps to a Result-Code
    /// in the 3xxx or 5xxx classes.
    #[test]
    fn validate_total(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Err(e) = Dictionary::builtin().validate_bytes(&bytes) {
            let c = e.result_code().0;
            prop_assert!((3000..4000).contains(&c) || (5000..6000).contains(&c));
        }
    }

    /// Flipping any byte of a valid CER never panics, and any error answer
    /// built from it parses back with the same identifiers and code.
    #[test]
    fn mutated_cer_answers_round_trip(at in 0usize..208, v in any::<u8>()) {
        let mut req = cer();
        let at = at % req.len();
        req[at] = v;
        if let Err(e) = Dictionary::builtin().validate_bytes(&req) {
            let a = ErrorAnswer::from_validation(&e).to_vec(&req, &ME).unwrap();
            let m = Message::new_checked(&a[..]).unwrap();
            prop_assert_eq!(&a[12..20], &req[12..20]);
            prop_assert_eq!(m.flags().is_error(), e.is_protocol_error());
            let rc = m
                .avps()
                .map(Result::unwrap)
                .find(|x| x.code() == AvpCode::RESULT_CODE)
                .unwrap();
            prop_assert_eq!(rc.data(), &e.result_code().0.to_be_bytes()[..]);
        }
    }

    /// Every strict prefix of a valid message is refused with 5015 (the
    /// header promises more bytes than there are).
    #[test]
    fn prefixes_are_invalid_message_length(n in 0usize..208) {
        let req = cer();
        let n = n % req.len();
        let e = Dictionary::builtin().validate_bytes(&req[..n]).unwrap_err();
        prop_assert_eq!(e.result_code(), ResultCode::INVALID_MESSAGE_LENGTH);
    }
}
