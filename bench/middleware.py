"""Bench-only middleware (bench.settings): the SQL query count of every request as a header."""

from django.db import connections

HEADER = "X-Bench-Queries"


class QueryCountHeader:
    """Counts the queries sent to every database while the request runs (all middleware, view,
    template and session save included) and reports them in the X-Bench-Queries header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [connection.execute_wrapper(counted) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[HEADER] = str(count)
        return response
