"""Link a new evaluation to the graph: recognise what it mentions, propose, validate, apply.

    gazetteer   every name the graph knows for each node, with the node's kind
    recognise   finding those names in free text, with exact character spans and a score
    authorities the English local authorities a text may name that the graph does not know yet
    roles       a mention's role from the words before it: ran it, delivered, evaluated, funded, or only mentioned
    record      the structured evaluation record (YAML or JSON) and its required fields
    design      the comparisons the evaluation made (trial, comparison group, before and after ...) and its design
    evidence    candidate findings (one per result sentence, every number a value) and the report's particulars
    similar     the existing models and projects most like the new evaluation, with reasons
    existing    the evaluation or the project the text is about, when the graph already has it
    proposal    the editable proposal file that the analyst reviews
    review      the HTML page showing each proposal highlighted in the text
    apply       turning an accepted proposal into Turtle, validating it, writing it atomically
"""
