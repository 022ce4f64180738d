"""Who the group writes with, as a network drawn on the server: pure functions from the
papers' author lists (members, and outside co-authors with the institutions OpenAlex gave)
to a graph, its layout (networkx's force-directed layout, seeded: the same papers give the
same picture) and an SVG that needs no script and nothing from another host.

It stays readable however large the group: outside co-authors are grouped by institution
(the ``INSTITUTIONS`` largest each get a node; the rest share "Other institutions", and
those OpenAlex places nowhere share "Institution not known"), only the strongest ``EDGES``
links are drawn, and only the ``LABELS`` members with the most papers carry a name (every
node names itself on hover and in the table beside the picture).
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import NamedTuple

import networkx as nx

INSTITUTIONS = 18
EDGES = 450
LABELS = 28
MEMBER_COAUTHORS = 30  # of one member's picture
UNKNOWN = "?"
OTHER = "*"


@dataclass
class Author:
    name: str
    member: object = None  # a key of ``Network.members`` when the author is a member
    institution: tuple | None = None  # (key, name, country)


@dataclass
class Paper:
    pk: int
    authors: list


@dataclass
class Node:
    key: str
    label: str
    kind: str  # "member", "institution", "other", "unknown"
    papers: int = 0
    people: int = 0


@dataclass
class Picture:
    nodes: list
    edges: list  # (key, key, weight)
    positions: dict = field(default_factory=dict)
    labelled: set = field(default_factory=set)
    hidden_edges: int = 0


def _external_institutions(papers):
    """Each outside co-author's institution: the one OpenAlex gave them most often."""
    seen = defaultdict(Counter)
    for paper in papers:
        for author in paper.authors:
            if author.member is None and author.institution is not None:
                seen[_person_key(author.name)][author.institution] += 1
    return {person: places.most_common(1)[0][0] for person, places in seen.items()}


def _person_key(name):
    return " ".join(name.casefold().replace(".", " ").split())


class Counts(NamedTuple):
    """What ``collaborations`` counts over papers."""

    member_papers: Counter  # member → papers
    pairs: Counter  # (member, member) → shared papers
    reach: Counter  # (member, institution key) → papers with its outside co-authors
    table: dict  # institution key → (name, country, papers, people) of outside co-authors
    inst_papers: dict  # institution key → the papers' keys


def collaborations(papers):
    """``Counts`` over ``papers``."""
    places = _external_institutions(papers)
    member_papers = Counter()
    pairs = Counter()
    reach = Counter()
    institutions = {}
    inst_papers = defaultdict(set)
    inst_people = defaultdict(set)
    for paper in papers:
        members = sorted({a.member for a in paper.authors if a.member is not None}, key=str)
        outside = defaultdict(set)
        for author in paper.authors:
            if author.member is not None:
                continue
            person = _person_key(author.name)
            key, name, country = places.get(person) or (UNKNOWN, "", "")
            if key != UNKNOWN:
                institutions[key] = (name, country)
            outside[key].add(person)
        for member in members:
            member_papers[member] += 1
        for index, one in enumerate(members):
            for other in members[index + 1 :]:
                pairs[(one, other)] += 1
        for key, people in outside.items():
            inst_papers[key].add(paper.pk)
            inst_people[key] |= people
            for member in members:
                reach[(member, key)] += 1
    table = {
        key: (
            institutions.get(key, ("", ""))[0],
            institutions.get(key, ("", ""))[1],
            len(inst_papers[key]),
            len(inst_people[key]),
        )
        for key in inst_papers
    }
    return Counts(member_papers, pairs, reach, table, inst_papers)


def _clusters(table, limit):
    """{institution key: node key}: the ``limit`` institutions with most papers keep their
    own node, the rest go to OTHER, the unknown to UNKNOWN."""
    known = sorted(
        (key for key in table if key != UNKNOWN), key=lambda key: (-table[key][2], table[key][0])
    )
    mapping = {key: f"i:{key}" for key in known[:limit]}
    mapping |= {key: f"i:{OTHER}" for key in known[limit:]}
    if UNKNOWN in table:
        mapping[UNKNOWN] = f"i:{UNKNOWN}"
    return mapping


def _cluster_nodes(table, mapping, papers_by_cluster):
    nodes = {}
    for key, node in mapping.items():
        name, _country, _papers, people = table[key]
        if node not in nodes:
            if node == f"i:{OTHER}":
                nodes[node] = Node(node, "Other institutions", "other")
            elif node == f"i:{UNKNOWN}":
                nodes[node] = Node(node, "Institution not known", "unknown")
            else:
                nodes[node] = Node(node, name, "institution")
        nodes[node].people += people
    for node, count in papers_by_cluster.items():
        nodes[node].papers = count
    return nodes


def group_picture(papers, members, counts=None):
    """The group's picture: every member who wrote a paper, and the institutions of their
    outside co-authors. ``members``: {member key: (name, url)}; ``counts``: the papers'
    ``collaborations`` when counted already."""
    member_papers, pairs, reach, table, inst_papers = counts or collaborations(papers)
    mapping = _clusters(table, INSTITUTIONS)
    # Papers per cluster: the union of its institutions' papers (counted once).
    cluster_papers = defaultdict(set)
    for key, node in mapping.items():
        cluster_papers[node] |= inst_papers[key]
    nodes = {
        f"m:{member}": Node(f"m:{member}", members[member][0], "member", papers=count)
        for member, count in member_papers.items()
        if member in members
    }
    nodes |= _cluster_nodes(table, mapping, {k: len(v) for k, v in cluster_papers.items()})
    weights = Counter()
    for (one, other), count in pairs.items():
        if f"m:{one}" in nodes and f"m:{other}" in nodes:
            weights[(f"m:{one}", f"m:{other}")] += count
    for (member, key), count in reach.items():
        if f"m:{member}" in nodes:
            weights[(f"m:{member}", mapping[key])] += count
    return _picture(nodes, weights)


def own_papers(papers, member):
    return [paper for paper in papers if any(a.member == member for a in paper.authors)]


def member_picture(papers, members, center, counts=None):
    """One member's picture: them in the middle, the members they wrote with, and their
    outside co-authors grouped by institution. ``counts``: the ``collaborations`` of the
    member's own papers when counted already."""
    member_papers, pairs, reach, table, _papers = counts or collaborations(
        own_papers(papers, center)
    )
    shared = Counter()
    for (one, other), count in pairs.items():
        if center in (one, other):
            shared[other if one == center else one] += count
    kept = [member for member, _count in shared.most_common(MEMBER_COAUTHORS) if member in members]
    mapping = _clusters(table, INSTITUTIONS // 2)
    nodes = {
        f"m:{member}": Node(
            f"m:{member}",
            members[member][0],
            "member",
            papers=shared[member] if member != center else member_papers[center],
        )
        for member in [center, *kept]
        if member in members
    }
    cluster_papers = Counter()
    for (member, key), count in reach.items():
        if member == center:
            cluster_papers[mapping[key]] += count
    nodes |= _cluster_nodes(table, mapping, cluster_papers)
    weights = Counter()
    for member in kept:
        weights[(f"m:{center}", f"m:{member}")] = shared[member]
    for (one, other), count in pairs.items():
        if center not in (one, other) and f"m:{one}" in nodes and f"m:{other}" in nodes:
            weights[(f"m:{one}", f"m:{other}")] += count
    for (member, key), count in reach.items():
        if member == center:
            weights[(f"m:{center}", mapping[key])] += count
    return _picture(nodes, weights, center=f"m:{center}")


def _grouped(key):
    return key in (f"i:{OTHER}", f"i:{UNKNOWN}")


def _drawn_edges(weights, limit):
    """The links to draw: each node's strongest (so that none floats alone), then the
    strongest of the rest, links to the grouped nodes ("Other institutions", "not known")
    last: they say the least."""
    ranked = sorted(
        weights.items(),
        key=lambda item: (_grouped(item[0][0]) or _grouped(item[0][1]), -item[1], item[0]),
    )
    chosen, covered = {}, set()
    for pair, weight in ranked:
        if not covered.issuperset(pair) and len(chosen) < limit:
            chosen[pair] = weight
            covered |= set(pair)
    for pair, weight in ranked:
        if len(chosen) >= limit:
            break
        chosen.setdefault(pair, weight)
    return [(one, other, weight) for (one, other), weight in chosen.items()]


def _picture(nodes, weights, center=None):
    drawn = _drawn_edges(weights, EDGES)
    picture = Picture(
        nodes=sorted(
            nodes.values(), key=lambda node: (node.kind != "member", -node.papers, node.label)
        ),
        edges=drawn,
        hidden_edges=max(0, len(weights) - len(drawn)),
    )
    graph = nx.Graph()
    graph.add_nodes_from(node.key for node in picture.nodes)
    for one, other, weight in picture.edges:
        graph.add_edge(one, other, weight=1 + math.log(weight))
    if graph.number_of_nodes():
        fixed = {center: (0.0, 0.0)} if center else None
        positions = nx.spring_layout(
            graph,
            k=1.6 / math.sqrt(graph.number_of_nodes()),
            pos=fixed,
            fixed=[center] if center else None,
            iterations=120,
            seed=7,
            weight="weight",
        )
        picture.positions = _drawn_in(positions, center)
    members = [node for node in picture.nodes if node.kind == "member"]
    picture.labelled = {node.key for node in members[:LABELS]} | {
        node.key for node in picture.nodes if node.kind != "member"
    }
    if center:
        picture.labelled.add(center)
    return picture


def _drawn_in(positions, center=None):
    """The layout with far nodes pulled in (distances cut at the 95th percentile, then to
    the power 0.6), on a unit disc: a few far nodes would otherwise leave the rest crowded."""
    if center is not None:
        middle = positions[center]
    else:
        middle = (
            sum(x for x, _y in positions.values()) / len(positions),
            sum(y for _x, y in positions.values()) / len(positions),
        )
    distances = sorted(
        math.hypot(float(x) - middle[0], float(y) - middle[1]) for x, y in positions.values()
    )
    # No node further out than most: the 95th of a hundred stands for the edge.
    edge = distances[int(0.95 * (len(distances) - 1))] or 1.0
    drawn = {}
    for key, (x, y) in positions.items():
        dx, dy = float(x) - middle[0], float(y) - middle[1]
        distance = math.hypot(dx, dy)
        if distance <= 1e-9:
            drawn[key] = (0.0, 0.0)
            continue
        reach = min(distance / edge, 1.0) ** 0.6
        drawn[key] = (dx / distance * reach, dy / distance * reach)
    return drawn


# --- drawing ---------------------------------------------------------------------------

WIDTH, HEIGHT, MARGIN = 960, 620, 70


def _radius(node, largest):
    base = 5 if node.kind == "member" else 7
    return base + 13 * math.sqrt(node.papers / largest) if largest else base


def _short(text, limit=30):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def svg(picture, title, description, ident="network"):
    """The picture as an SVG element for the page (classes styled by the site's CSS, both
    themes): one image, named by its title and description; each node names itself on
    hover (its <title>)."""
    xs = [x for x, _y in picture.positions.values()] or [0]
    ys = [y for _x, y in picture.positions.values()] or [0]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1

    def at(key):
        x, y = picture.positions.get(key, (0, 0))
        return (
            MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN),
            MARGIN / 2 + (y - min(ys)) / span_y * (HEIGHT - 1.5 * MARGIN),
        )

    largest = max((node.papers for node in picture.nodes), default=0)
    heaviest = max((weight for _one, _other, weight in picture.edges), default=1)
    parts = [
        f'<svg class="network" id="{ident}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        '<g class="network__edges">',
    ]
    for one, other, weight in picture.edges:
        (x1, y1), (x2, y2) = at(one), at(other)
        width = 0.6 + 3.4 * math.sqrt(weight / heaviest)
        kind = "member" if one.startswith("m:") and other.startswith("m:") else "outside"
        parts.append(
            f'<line class="network__edge network__edge--{kind}" x1="{x1:.1f}" y1="{y1:.1f}" '
            f'x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{width:.2f}"/>'
        )
    parts.append('</g><g class="network__nodes">')
    for node in reversed(picture.nodes):  # members last: drawn on top
        x, y = at(node.key)
        radius = _radius(node, largest)
        hint = f"{node.label}: {node.papers} paper{'s' if node.papers != 1 else ''}" + (
            f", {node.people} co-author{'s' if node.people != 1 else ''}" if node.people else ""
        )
        if node.kind == "member":
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}"/>'
        else:
            shape = (
                f'<rect x="{x - radius:.1f}" y="{y - radius:.1f}" width="{2 * radius:.1f}" '
                f'height="{2 * radius:.1f}" rx="3"/>'
            )
        # No links inside: the picture is one image (its tables link each member).
        parts.append(
            f'<g class="network__node network__node--{node.kind}">'
            f"<title>{escape(hint)}</title>{shape}</g>"
        )
    parts.append('</g><g class="network__labels" aria-hidden="true">')
    placed = []
    order = sorted(
        (node for node in picture.nodes if node.key in picture.labelled),
        key=lambda node: (node.kind == "member", -node.papers),
    )
    for node in order:
        x, y = at(node.key)
        label = _short(node.label)
        width = 7.4 * len(label) + 6
        box = (x - width / 2, y + _radius(node, largest) + 2, width, 15)
        if any(
            box[0] < other[0] + other[2]
            and other[0] < box[0] + box[2]
            and box[1] < other[1] + other[3]
            and other[1] < box[1] + box[3]
            for other in placed
        ):
            continue
        placed.append(box)
        anchor_x = min(max(x, width / 2 + 4), WIDTH - width / 2 - 4)
        parts.append(
            f'<text class="network__label network__label--{node.kind}" x="{anchor_x:.1f}" '
            f'y="{box[1] + 11:.1f}" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</g></svg>")
    return "".join(parts)
