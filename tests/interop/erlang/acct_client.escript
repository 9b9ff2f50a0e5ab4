#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell
%%
%% A minimal Erlang/OTP `diameter` accounting client for roam's interop
%% test (tests/interop_erlang.rs, `erlang_connects_to_roam_listen`).
%%
%% Usage: escript acct_client.escript PORT N [ORIGIN_HOST ORIGIN_REALM DEST_REALM]
%%
%% Starts the diameter application and a service advertising the base
%% accounting application (Acct-Application-Id 3, dictionary
%% diameter_gen_base_accounting), then connects a TCP transport to
%% 127.0.0.1:PORT. diameter does CER/CEA itself; the `up` event carries the
%% CEA, whose Result-Code is printed as "cea RESULT_CODE".
%%
%% It then sends N ACRs (RFC 6733 §9.7.1) in sessions of 10 records: each
%% session is START (Accounting-Record-Number 0), INTERIM (1..8), STOP (9);
%% a trailing session of one record is an EVENT. Sessions run concurrently,
%% the records of one session in order (each waits for the previous ACA).
%% Session-Ids come from diameter:session_id/1 (RFC 6733 §8.8). Every
%% answer is collected, and one JSON line is printed:
%%
%%   {"erlang_client":{"cea_result_code":2001,"requests_sent":N,
%%     "answers":{"2001":N},"errors":0}}
%%
%% followed by "acrs_done". The watchdog timer (Tw) of the transport is
%% 1500 ms (through the {M,F,A} form of watchdog_timer, which skips OTP's
%% 6 s minimum: a test-only value, RFC 3539 asks for at least 6 s) so a
%% DWR/DWA exchange happens within seconds of the last ACA. The script then
%% waits for a line "dpr" on stdin (or 30 s), removes the transport, which
%% makes diameter send a DPR and wait for the DPA, prints "down" when the
%% peer is gone, and exits. It exits as soon as stdin reaches EOF otherwise
%% (so it never outlives the test that started it).

-mode(compile).

-include_lib("diameter/include/diameter.hrl").
-include_lib("diameter/include/diameter_gen_base_accounting.hrl").

-define(SVC, roam_interop_acct_client).
-define(RECORDS_PER_SESSION, 10).
%% Accounting-Record-Type values (RFC 6733 §9.8.1).
-define(EVENT_RECORD, 1).
-define(START_RECORD, 2).
-define(INTERIM_RECORD, 3).
-define(STOP_RECORD, 4).

-export([peer_up/3, peer_down/3, pick_peer/4, prepare_request/3,
         prepare_retransmit/3, handle_answer/4, handle_error/4,
         handle_request/3, tw/0]).

main([Port, N]) ->
    main([Port, N, "client.erlang.test", "erlang.test", "roam.test"]);
main([PortS, NS, Host, Realm, Dest]) ->
    Port = list_to_integer(PortS),
    N = list_to_integer(NS),
    Main = self(),
    watch_stdin(Main),
    ok = diameter:start(),
    SvcOpts = [{'Origin-Host', Host},
               {'Origin-Realm', Realm},
               {'Vendor-Id', 0},
               {'Product-Name', "roam-interop-erlang-client"},
               {'Acct-Application-Id', [3]},
               {application, [{alias, acct},
                              {dictionary, diameter_gen_base_accounting},
                              {module, ?MODULE}]}],
    ok = diameter:start_service(?SVC, SvcOpts),
    true = diameter:subscribe(?SVC),
    {ok, Ref} = diameter:add_transport(
                  ?SVC,
                  {connect, [{transport_module, diameter_tcp},
                             {transport_config, [{raddr, {127, 0, 0, 1}},
                                                 {rport, Port},
                                                 {ip, {127, 0, 0, 1}}]},
                             {watchdog_timer, {?MODULE, tw, []}}]}),
    Cea = wait_up(Ref),
    io:format("cea ~p~n", [Cea]),
    Answers = send_all(N, Host, Realm, Dest),
    Codes = lists:foldl(fun(C, D) -> dict:update_counter(C, 1, D) end,
                        dict:new(), [C || {ok, C} <- Answers]),
    Errors = length([E || {error, E} <- Answers]),
    [io:format(standard_error, "acr error: ~p~n", [E]) || {error, E} <- Answers],
    Json = string:join([io_lib:format("\"~b\":~b", [C, K])
                        || {C, K} <- lists:sort(dict:to_list(Codes))], ","),
    io:format("{\"erlang_client\":{\"cea_result_code\":~p,\"requests_sent\":~b,"
              "\"answers\":{~s},\"errors\":~b}}~n",
              [Cea, N, Json, Errors]),
    io:format("acrs_done~n"),
    receive dpr -> ok after 30000 -> ok end,
    ok = diameter:remove_transport(?SVC, Ref),
    receive
        {diameter_event, ?SVC, {down, Ref, _, _}} -> io:format("down~n")
    after 10000 ->
        io:format("no down event~n")
    end,
    halt(0);
main(_) ->
    io:format(standard_error,
              "usage: acct_client.escript PORT N [ORIGIN_HOST ORIGIN_REALM DEST_REALM]~n",
              []),
    halt(2).

%% The transport's Tw in ms (see the header).
tw() -> 1500.

%% Waits for the watchdog to reach OKAY after CER/CEA; returns the CEA's
%% Result-Code.
wait_up(Ref) ->
    receive
        {diameter_event, ?SVC, {up, Ref, _Peer, _Cfg, #diameter_packet{msg = Cea}}} ->
            diameter_gen_base_rfc6733:'#get-'('Result-Code', Cea);
        {diameter_event, ?SVC, {up, Ref, _Peer, _Cfg}} ->
            undefined;
        {diameter_event, ?SVC, {closed, Ref, Reason, _}} ->
            io:format(standard_error, "capabilities exchange failed: ~p~n", [Reason]),
            io:format("cea_failed~n"),
            halt(1);
        {diameter_event, ?SVC, _} ->
            wait_up(Ref)
    after 20000 ->
        io:format(standard_error, "no connection within 20 s~n", []),
        halt(1)
    end.

%% Sends N records in sessions of ?RECORDS_PER_SESSION, one process per
%% session; returns one {ok, ResultCode} | {error, Reason} per record.
send_all(N, Host, Realm, Dest) ->
    Sizes = sizes(N),
    Self = self(),
    Pids = [spawn_link(fun() -> Self ! {self(), session(Size, Host, Realm, Dest)} end)
            || Size <- Sizes],
    lists:append([receive {P, R} -> R end || P <- Pids]).

sizes(0) -> [];
sizes(N) when N >= ?RECORDS_PER_SESSION ->
    [?RECORDS_PER_SESSION | sizes(N - ?RECORDS_PER_SESSION)];
sizes(N) -> [N].

session(Size, Host, Realm, Dest) ->
    Sid = diameter:session_id(Host),
    [record(Sid, Num, type(Num, Size), Host, Realm, Dest)
     || Num <- lists:seq(0, Size - 1)].

type(0, 1) -> ?EVENT_RECORD;
type(0, _) -> ?START_RECORD;
type(Num, Size) when Num + 1 == Size -> ?STOP_RECORD;
type(_, _) -> ?INTERIM_RECORD.

record(Sid, Num, Type, Host, Realm, Dest) ->
    Acr = #diameter_base_accounting_ACR{'Session-Id' = Sid,
                                        'Origin-Host' = Host,
                                        'Origin-Realm' = Realm,
                                        'Destination-Realm' = Dest,
                                        'Accounting-Record-Type' = Type,
                                        'Accounting-Record-Number' = Num,
                                        'Acct-Application-Id' = [3]},
    case diameter:call(?SVC, acct, Acr, [{timeout, 10000}]) of
        #diameter_base_accounting_ACA{'Result-Code' = Rc,
                                      'Accounting-Record-Number' = Num} ->
            {ok, Rc};
        #diameter_base_accounting_ACA{} = A ->
            {error, {wrong_record_number, Num, A}};
        Other ->
            {error, Other}
    end.

%% Exit when whoever started us closes our stdin; "dpr" asks for the
%% disconnect.
watch_stdin(Main) ->
    spawn(fun Loop() ->
                  case io:get_line("") of
                      eof -> halt(0);
                      {error, _} -> halt(0);
                      "dpr\n" -> Main ! dpr, Loop();
                      _ -> Loop()
                  end
          end).

%% --- diameter_app callbacks (see diameter_app(3)) -----------------------

peer_up(_SvcName, _Peer, State) ->
    State.

peer_down(_SvcName, _Peer, State) ->
    State.

pick_peer([Peer | _], _Remote, _SvcName, _State) ->
    {ok, Peer};
pick_peer([], _Remote, _SvcName, _State) ->
    false.

prepare_request(Packet, _SvcName, _Peer) ->
    {send, Packet}.

prepare_retransmit(Packet, _SvcName, _Peer) ->
    {send, Packet}.

handle_answer(#diameter_packet{msg = Msg, errors = []}, _Request, _SvcName, _Peer) ->
    Msg;
handle_answer(#diameter_packet{msg = Msg, errors = Errs}, _Request, _SvcName, _Peer) ->
    {decode_errors, Errs, Msg}.

handle_error(Reason, _Request, _SvcName, _Peer) ->
    {error, Reason}.

%% A client: refuse requests (diameter answers 3001).
handle_request(_Packet, _SvcName, _Peer) ->
    discard.
