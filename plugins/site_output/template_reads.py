"""What a page's templates can read, found by Jinja's own parser.

Data shapes:
    template_reads(template) -> TemplateReads(names, of_linked)
        names: frozenset of every variable name the template and those it
            extends, includes or imports read (jinja2.meta)
        of_linked: frozenset of every attribute name they may read of an
            article the page links to (anything but the page's own
            `article` or `page`), or None when they may read any
    ROOTS: the names of a page's own article in the templates' context

A page key (pages.py) counts an article the page links to without the
articles that one links to when none of those links' names is in
`of_linked`. The analysis over-counts, never under-counts: any attribute
read off anything but a root name, any string constant (an `attr` filter's
name, a subscript), and every attribute of a template that rebinds a root
name. It returns None for a template included by a computed name or a
subscript by a computed key. A Python filter or global given a linked
article is not seen into: one must not read that article's links.
"""

from dataclasses import dataclass

from jinja2 import meta, nodes

# The variable naming a page's own article (Pelican's article and page
# templates): attributes read off it are its own, not a linked article's.
ROOTS = frozenset({"article", "page"})
# Jinja's filters and tests that read an attribute named by an argument.
ATTRIBUTE_FILTERS = frozenset(
    {
        "attr",
        "dictsort",
        "groupby",
        "map",
        "max",
        "min",
        "rejectattr",
        "selectattr",
        "sort",
        "sum",
        "unique",
    }
)


@dataclass(frozen=True)
class TemplateReads:
    names: frozenset[str]
    of_linked: frozenset[str] | None


def template_reads(template) -> TemplateReads:
    """What `template` and the templates it extends, includes or imports
    read (see the module's docstring)."""
    environment = template.environment
    names: set[str] = set()
    trees, seen, pending, dynamic = [], set(), [template.name], False
    while pending:
        current = pending.pop()
        if current is None:  # a template named by an expression
            dynamic = True
            continue
        if current in seen:
            continue
        seen.add(current)
        source = environment.loader.get_source(environment, current)[0]
        tree = environment.parse(source)
        trees.append(tree)
        names |= meta.find_undeclared_variables(tree)
        pending.extend(meta.find_referenced_templates(tree))
    of_linked = None if dynamic else _read_of_linked(trees)
    return TemplateReads(frozenset(names), of_linked)


def _read_of_linked(trees) -> frozenset[str] | None:
    bound = {
        node.name
        for tree in trees
        for node in tree.find_all(nodes.Name)
        if node.ctx in ("store", "param")
    }
    roots = ROOTS - bound
    found: set[str] = set()
    for tree in trees:
        for node in tree.find_all(
            (nodes.Getattr, nodes.Getitem, nodes.Const, nodes.Filter, nodes.Test)
        ):
            if isinstance(node, nodes.Filter | nodes.Test):
                if node.name in ATTRIBUTE_FILTERS and not _constant_arguments(node):
                    return None  # an attribute named as the page renders
            elif isinstance(node, nodes.Const):
                if isinstance(node.value, str):
                    found.add(node.value)
            elif isinstance(node, nodes.Getitem):
                if not isinstance(node.arg, nodes.Const | nodes.Slice):
                    return None  # a key computed as the page renders
            elif not (isinstance(node.node, nodes.Name) and node.node.name in roots):
                found.add(node.attr)
    return frozenset(found)


def _constant_arguments(node) -> bool:
    arguments = [*node.args, *(keyword.value for keyword in node.kwargs)]
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        return False
    return all(isinstance(argument, nodes.Const) for argument in arguments)
