"""Contract test: ngrok's official Python SDK (ngrok-api 0.19.0) drives `ngrok-bots simulator`.

If the simulator drifts from the real API's shapes (list keys, paging, error bodies, status
codes), the real client breaks here. Usage: python test_sdk_contract.py PATH/TO/ngrok-bots
"""
import subprocess
import sys

import ngrok

KEY = "contract-test-key-0123456789"


def start_simulator(binary):
    proc = subprocess.Popen(
        [binary, "simulator", "--port", "0", "--api-key", KEY, "--bots", "130", "--creds-per-bot", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base_url = proc.stdout.readline().strip()
    assert base_url.startswith("http://127.0.0.1:"), f"unexpected first line {base_url!r}"
    return proc, base_url


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print(f"ok - {message}")


def check_tunnel_sessions(client):
    """Live agent sessions: listed page by page, got, filtered by credential, stopped."""
    sessions = list(client.tunnel_sessions.list(limit="10"))
    check(len(sessions) > 10, f"tunnel_sessions.list() follows next_page_uri ({len(sessions)} sessions)")
    check(len({s.id for s in sessions}) == len(sessions), "each session is listed once")
    first = sessions[0]
    check(first.id.startswith("ts_") and first.credential.id and first.credential.uri.endswith("/" + first.credential.id),
          "a session names its credential as {id, uri}")
    check(first.region in {"us", "eu", "ap", "au", "sa", "jp", "in"} and first.ip and first.agent_version and first.os
          and first.started_at and first.transport is not None, "a session has region, ip, agent version, os, start time")
    credential = client.credentials.get(first.credential.id) if first.credential.id.startswith("cr_") \
        else client.ssh_credentials.get(first.credential.id)
    check(credential.id == first.credential.id, "the session's credential exists")
    check(client.tunnel_sessions.get(first.id).ip == first.ip, "get a session")
    same = list(client.tunnel_sessions.list(filter=f'obj.credential.id == "{first.credential.id}"'))
    check(first.id in {s.id for s in same} and all(s.credential.id == first.credential.id for s in same),
          "list sessions filtered by credential")
    client.tunnel_sessions.stop(first.id)
    check(first.id not in {s.id for s in client.tunnel_sessions.list()}, "stop ends the session")
    try:
        client.tunnel_sessions.stop(first.id)
        raise AssertionError("expected NotFoundError")
    except ngrok.NotFoundError as error:
        check(error.http_status_code == 404, "stopping a session that has ended is a 404")


def main(binary):
    proc, base_url = start_simulator(binary)
    try:
        client = ngrok.Client(KEY, base_url=base_url)

        bots = list(client.bot_users.list())
        check(len(bots) == 130, f"bot_users.list() follows next_page_uri past one page ({len(bots)} bots)")
        service_users = list(client.service_users.list())
        # One object, two spellings (ngrok's API reference): bot_<KSUID> and service_<KSUID>.
        check(all(s.id.startswith("service_") for s in service_users) and all(b.id.startswith("bot_") for b in bots),
              "service_users spells ids service_…, bot_users bot_…")
        check({b.id.split("_", 1)[1] for b in bots} == {s.id.split("_", 1)[1] for s in service_users},
              "service_users lists the same bots")

        service = client.service_users.create(name="contract-service-user")
        check(service.id.startswith("service_") and client.service_users.get(service.id).name == "contract-service-user",
              "create and get a service user through the SDK's service_users client")
        service_key = client.api_keys.create(description="contract service key", owner_id=service.id)
        ksuid = service.id.split("_", 1)[1]
        check(service_key.owner_id.split("_", 1)[1] == ksuid, "an API key owned by a service user names it as its owner")
        check(service_key.token.startswith(service_key.id.split("_", 1)[1] + "_"),
              "a token is the KSUID of its id, an underscore and the secret")
        check(client.bot_users.get("bot_" + ksuid).name == "contract-service-user", "the same bot under /bot_users")
        client.service_users.delete(service.id)
        gone = list(client.api_keys.list(filter=f'obj.owner_id == "bot_{ksuid}" || obj.owner_id == "service_{ksuid}"'))
        check(gone == [], "deleting the service user deleted its key")

        bot = client.bot_users.create(name="contract-bot")
        check(bot.id.startswith("bot_") and bot.active is True and bot.name == "contract-bot", "create a bot")
        check(client.bot_users.get(bot.id).name == "contract-bot", "get the bot")

        key = client.api_keys.create(description="contract key", owner_id=bot.id)
        check(key.token, "an API key's token comes back on create")
        check(key.owner_id == bot.id, "the key is owned by the bot")
        listed = list(client.api_keys.list(filter=f'obj.owner_id == "{bot.id}"'))
        check([k.id for k in listed] == [key.id], "list keys filtered by owner")
        check(all(k._props.get("token") is None for k in listed), "tokens are never listed")

        token = client.credentials.create(description="contract authtoken", owner_id=bot.id)
        check(token.token, "an authtoken's token comes back on create")

        ssh = client.ssh_credentials.create(
            public_key="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIContractTestKeyContractTestKeyContract x", owner_id=bot.id)
        check(ssh.id and ssh.owner_id == bot.id, "create an SSH credential owned by the bot")

        updated = client.bot_users.update(bot.id, active=False)
        check(updated.active is False, "deactivate the bot")
        check(client.service_users.get("service_" + bot.id.split("_", 1)[1]).active is False,
              "the deactivation is visible under service_users")

        # One filter of each shape of the API's CEL subset, as the SDK sends it.
        key2 = client.api_keys.create(description="contract second key", owner_id=bot.id)
        mine = f'obj.owner_id == "{bot.id}"'
        shapes = [
            (f'{mine} && obj.description.contains("second")', {key2.id}),
            (f'{mine} && (obj.description.startsWith("contract k") || obj.description.endsWith("nothing"))', {key.id}),
            (f'{mine} && obj.id != "{key.id}"', {key2.id}),
            (f'{mine} && !(obj.id in ["{key.id}"])', {key2.id}),
            (f'{mine} && obj.created_at >= timestamp("2000-01-01T00:00:00Z")', {key.id, key2.id}),
            (f'{mine} && size(obj.description) > 13', {key2.id}),
        ]
        for expression, wanted in shapes:
            got = {k.id for k in client.api_keys.list(filter=expression)}
            check(got == wanted, f"filter {expression.replace(bot.id, 'bot_…')}")
        for refused in ['obj.id.startsWith("ak_")', 'obj.acl == "x"']:
            try:
                list(client.api_keys.list(filter=refused))
                raise AssertionError(f"expected a 400 for {refused}")
            except ngrok.Error as error:
                check(error.http_status_code == 400, f"{refused} is refused with 400")
        try:
            list(client.service_users.list(filter='obj.name == "contract-bot"'))
            raise AssertionError("expected a 400 for a name filter on service users")
        except ngrok.Error as error:
            check(error.http_status_code == 400, "service users cannot be filtered by name")

        client.bot_users.delete(bot.id)
        remaining = list(client.api_keys.list(filter=f'obj.owner_id == "{bot.id}"'))
        remaining += list(client.credentials.list(filter=f'obj.owner_id == "{bot.id}"'))
        remaining += list(client.ssh_credentials.list(filter=f'obj.owner_id == "{bot.id}"'))
        check(remaining == [], "deleting the bot deleted its credentials")

        try:
            client.bot_users.get(bot.id)
            raise AssertionError("expected NotFoundError")
        except ngrok.NotFoundError as error:
            check(error.http_status_code == 404, "a 404 is the SDK's NotFoundError with its status")
            check(error.error_code == "ERR_NGROK_404", "the error carries its code")
            check(error.operation_id and error.operation_id.startswith("op_"), "the error carries an operation id")

        try:
            list(client.api_keys.list(filter="obj.created_at > 5"))
            raise AssertionError("expected a 400 for an unsupported filter")
        except ngrok.Error as error:
            check(error.http_status_code == 400, "an unsupported filter is a 400 ngrok error")

        check_tunnel_sessions(client)

        try:
            list(ngrok.Client("wrong-key-1234567890", base_url=base_url).bot_users.list())
            raise AssertionError("expected a 401")
        except ngrok.Error as error:
            check(error.http_status_code == 401, "a wrong key is a 401 ngrok error")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print("contract test passed")


if __name__ == "__main__":
    main(sys.argv[1])
