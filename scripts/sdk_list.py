"""The baseline `ngrok-bots list` is measured against: ngrok's official Python SDK (ngrok-api)
listing the same account the way a script would, one collection after the other.

Usage: API_URL=http://127.0.0.1:PORT NGROK_API_KEY=KEY python sdk_list.py
Prints one line per bot (id, name, credential counts), as `list` does.
"""
import collections
import os

import ngrok


def main():
    client = ngrok.Client(os.environ["NGROK_API_KEY"], base_url=os.environ["API_URL"])
    bots = list(client.service_users.list())
    owned = collections.defaultdict(lambda: [0, 0, 0])
    for column, collection in enumerate((client.api_keys, client.credentials, client.ssh_credentials)):
        for credential in collection.list():
            if credential.owner_id:
                owned[credential.owner_id[credential.owner_id.index("_") + 1:]][column] += 1
    for bot in bots:
        counts = owned[bot.id[bot.id.index("_") + 1:]]
        print(bot.id, bot.name, *counts)


if __name__ == "__main__":
    main()
