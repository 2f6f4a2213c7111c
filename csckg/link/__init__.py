"""Link a new evaluation to the graph: recognise what it mentions, propose, validate, apply.

    gazetteer   every name the graph knows for each node, with the node's kind
    recognise   finding those names in free text, with exact character spans and a score
    record      the structured evaluation record (YAML or JSON) and its required fields
    similar     the existing models and projects most like the new evaluation, with reasons
    proposal    the editable proposal file that the analyst reviews
    apply       turning an accepted proposal into Turtle, validating it, writing it atomically
"""
