#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell
%%
%% A minimal Erlang/OTP `diameter` accounting server for roam's interop
%% test (tests/interop_erlang.rs).
%%
%% Usage: escript acct_server.escript PORT [ORIGIN_HOST ORIGIN_REALM]
%%
%% Starts the diameter application, a service advertising the base
%% accounting application (Acct-Application-Id 3, dictionary
%% diameter_gen_base_accounting) and a TCP listening transport on
%% 127.0.0.1:PORT. CER/CEA, DWR/DWA and DPR/DPA (the common application)
%% are handled by diameter itself. Every ACR is answered from
%% handle_request/3 with an ACA carrying Result-Code 2001
%% (DIAMETER_SUCCESS) and Session-Id, Accounting-Record-Type,
%% Accounting-Record-Number (and Acct-Application-Id when present) copied
%% from the request (RFC 6733 §9.7.2).
%%
%% Prints "ready PORT" on stdout once the listener accepts connections,
%% "rec T TYPE NUMBER SESSION-ID" for every ACR it answers (T is 1 when
%% the request carried the T flag, RFC 6733 §3; TYPE and NUMBER are the
%% Accounting-Record-Type and -Number), "acr N" every 100 answered ACRs,
%% and exits when stdin reaches EOF (so
%% it never outlives the test that started it).

%% Compiled (not interpreted), so this escript's own module can be the
%% diameter callback module: diameter calls it from its own processes.
-mode(compile).

-include_lib("diameter/include/diameter.hrl").
-include_lib("diameter/include/diameter_gen_base_accounting.hrl").

-define(SVC, roam_interop_acct).

%% The diameter_app callbacks, called from diameter's processes.
-export([peer_up/3, peer_down/3, pick_peer/4, prepare_request/3,
         prepare_retransmit/3, handle_answer/4, handle_error/4,
         handle_request/3]).

main([Port]) ->
    main([Port, "erl.erlang.test", "erlang.test"]);
main([PortS, Host, Realm]) ->
    Port = list_to_integer(PortS),
    ok = diameter:start(),
    counter_start(),
    SvcOpts = [{'Origin-Host', Host},
               {'Origin-Realm', Realm},
               {'Vendor-Id', 0},
               {'Product-Name', "roam-interop-erlang"},
               {'Acct-Application-Id', [3]},
               {restrict_connections, false},
               {application, [{alias, acct},
                              {dictionary, diameter_gen_base_accounting},
                              {module, ?MODULE}]}],
    ok = diameter:start_service(?SVC, SvcOpts),
    {ok, _Ref} = diameter:add_transport(
                   ?SVC,
                   {listen, [{transport_module, diameter_tcp},
                             {transport_config, [{reuseaddr, true},
                                                 {ip, {127, 0, 0, 1}},
                                                 {port, Port}]}]}),
    wait_listening(Port, 200),
    io:format("ready ~b~n", [Port]),
    watch_stdin(),
    receive stop -> ok end;
main(_) ->
    io:format(standard_error,
              "usage: acct_server.escript PORT [ORIGIN_HOST ORIGIN_REALM]~n",
              []),
    halt(2).

%% The transport opens its socket asynchronously after add_transport/2;
%% poll (at most Tries x 50 ms) until a connection succeeds.
wait_listening(_Port, 0) ->
    io:format(standard_error, "listener never came up~n", []),
    halt(1);
wait_listening(Port, Tries) ->
    case gen_tcp:connect({127, 0, 0, 1}, Port, [], 200) of
        {ok, S} ->
            gen_tcp:close(S);
        {error, _} ->
            timer:sleep(50),
            wait_listening(Port, Tries - 1)
    end.

%% Exit when whoever started us closes our stdin.
watch_stdin() ->
    spawn(fun Loop() ->
                  case io:get_line("") of
                      eof -> halt(0);
                      {error, _} -> halt(0);
                      _ -> Loop()
                  end
          end).

%% A count of answered ACRs, for the log.
counter_start() ->
    ets:new(?MODULE, [named_table, public, set, {heir, none}]),
    ets:insert(?MODULE, {acr, 0}),
    %% The table belongs to the main process, which waits forever.
    ok.

%% --- diameter_app callbacks (see diameter_app(3)) -----------------------

peer_up(_SvcName, {_PeerRef, Caps}, State) ->
    #diameter_caps{origin_host = {_, OH}} = Caps,
    io:format("peer_up ~s~n", [OH]),
    State.

peer_down(_SvcName, {_PeerRef, Caps}, State) ->
    #diameter_caps{origin_host = {_, OH}} = Caps,
    io:format("peer_down ~s~n", [OH]),
    State.

%% This server never sends requests, so the client-side callbacks only
%% refuse or pass through.
pick_peer(_Local, _Remote, _SvcName, _State) ->
    false.

prepare_request(Packet, _SvcName, _Peer) ->
    {send, Packet}.

prepare_retransmit(Packet, _SvcName, _Peer) ->
    {send, Packet}.

handle_answer(#diameter_packet{msg = Msg}, _Request, _SvcName, _Peer) ->
    {ok, Msg}.

handle_error(Reason, _Request, _SvcName, _Peer) ->
    {error, Reason}.

%% An ACR: answer 2001 with the identifying AVPs copied (RFC 6733 §9.7.2).
handle_request(#diameter_packet{header = #diameter_header{is_retransmitted = T},
                                msg = #diameter_base_accounting_ACR{} = Req},
               _SvcName, {_PeerRef, Caps}) ->
    #diameter_caps{origin_host = {OH, _}, origin_realm = {OR, _}} = Caps,
    #diameter_base_accounting_ACR{'Session-Id' = Sid,
                                  'Accounting-Record-Type' = Type,
                                  'Accounting-Record-Number' = Num,
                                  'Acct-Application-Id' = AppId} = Req,
    N = ets:update_counter(?MODULE, acr, 1),
    %% One line per answered record, before the answer leaves, so a test
    %% that kills this server still knows every record it answered.
    io:format("rec ~b ~b ~b ~s~n", [case T of true -> 1; _ -> 0 end,
                                    Type, Num, Sid]),
    case N rem 100 of
        0 -> io:format("acr ~b~n", [N]);
        _ -> ok
    end,
    {reply, #diameter_base_accounting_ACA{'Session-Id' = Sid,
                                          'Result-Code' = 2001,
                                          'Origin-Host' = OH,
                                          'Origin-Realm' = OR,
                                          'Accounting-Record-Type' = Type,
                                          'Accounting-Record-Number' = Num,
                                          'Acct-Application-Id' = AppId}};
%% Anything else on this application: let diameter answer 3001
%% (DIAMETER_COMMAND_UNSUPPORTED).
handle_request(_Packet, _SvcName, _Peer) ->
    discard.
