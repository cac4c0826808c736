/** The usage texts of `runlog bogons` and `runlog bogons check`, kept apart from the logic. */
import { BUILTIN_LISTS } from './builtin-lists.js';
import { BOGON_BASE_URL, DEFAULT_TIMEOUT_SECONDS, TEAM_CYMRU_LISTS } from './list-source.js';

const [DEFAULT_LIST, ...OTHER_LISTS] = TEAM_CYMRU_LISTS;

/** Shown by `runlog bogons --help`. */
export const BOGONS_HELP = `Usage: runlog bogons [options]
       runlog bogons check --acl FILE [options]   (runlog bogons check --help)

Turns a bogon list into an ACL that drops traffic from bogon sources.

Source (one of):
  --list NAME        one of Team Cymru's lists, fetched from
                     ${BOGON_BASE_URL}NAME.txt:
                     ${DEFAULT_LIST} (default), ${OTHER_LISTS.join(', ')};
                     or ${BUILTIN_LISTS.join(', ')}, built in (no download): all IPv6
                     outside 2000::/3 plus the special-purpose blocks inside it
                     (documentation, benchmarking, ORCHID, old 6bone), a dozen
                     lines that need no refresh
  --source URL|FILE  another http(s) URL or a local file (for instance a copy of
                     a list fetched on a connected machine)
Output:
  --format FORMAT    ios (default): ip access-list extended NAME with a final
                     "permit ip any any"; IPv6 prefixes go to ipv6 access-list
                     NAME (NAME-v6 when there are IPv4 prefixes too), which
                     permits neighbour discovery, router solicitation and
                     advertisement, and link-local traffic to the router before
                     its first deny (the full list denies ::/8 and 8000::/1,
                     which hold :: and fe80::/10), then ends in "permit ipv6 any
                     any";
                     asa: deny lines only, "access-list NAME line 1 …", "line 2"…
                     to go on top of the interface's EXISTING list NAME in file
                     order (IPv6 prefixes as NET/LEN, accepted by ASA 9.x); never
                     a permit, never an access-group;
                     plain: one prefix a line
  --name NAME        ACL name (default BOGONS): a letter, then letters, digits,
                     _ . -; for asa, the list already bound to the interface
  --no-permit        ios: leave out the final permit lines (without them the ACL
                     drops ALL traffic; only for ACLs you complete by hand)
  --out FILE         write to FILE (atomically) instead of standard output
  --save-list FILE   also write the list exactly as read, so that the ACL can be
                     checked against it later (runlog bogons check --source FILE)
Input checks:
  --skip-invalid     skip lines that are not valid prefixes (with a warning)
                     instead of refusing the whole list
Network:
  --timeout SECONDS  deadline for the download (default ${DEFAULT_TIMEOUT_SECONDS})
  --ca FILE          extra trusted CA certificate (PEM); NODE_EXTRA_CA_CERTS is
                     honoured too
The last good copy of each URL is kept in <data dir>/cache/bogons/ and used, with
a warning giving its age, when the download fails.

An IOS list is added to any existing list of the same name: remove the old one
first or use a new name, then swap it on the interface.
Exit status: 0 done, 1 failed (bad list, no network and no cached copy), 2 bad usage.
`;

/** Shown by `runlog bogons check --help`. */
export const CHECK_HELP = `Usage: runlog bogons check --acl FILE [--format ios|asa|plain] [--name NAME]
                          (--source FILE | --list NAME)

Reads an ACL written by runlog bogons (or edited by hand) with its own model and
proves, per address family, what it does:
  - every deny drops one prefix of the bogon list as source, to any destination,
    with a valid wildcard mask (ios) or netmask (asa), and every prefix of the
    list is denied;
  - ios: nothing is permitted before the last deny, except, in an IPv6 list,
    neighbour discovery, router solicitation/advertisement and link-local
    sources; ND and link-local are permitted before the first deny that would
    drop them; each list ends with "permit ip any any" / "permit ipv6 any any";
  - asa: no permit at all, one list, every line placed with "line 1", "line 2"…
    in file order so that the block goes on top of the existing list.

  --acl FILE         the ACL to check
  --format FORMAT    ios (default), asa or plain
  --name NAME        the list name the ACL must use (ios: NAME, or NAME-v6 for
                     the IPv6 list)
  --source FILE      the bogon list the ACL was built from (runlog bogons
                     --save-list writes it); a URL means its cached copy
  --list NAME        a built-in list, or the cached copy of a Team Cymru list
The check never downloads anything.
Each problem is printed as FILE:LINE: what is wrong.
Exit status: 0 the ACL does what it should, 1 it does not (or cannot be read),
2 bad usage.
`;
