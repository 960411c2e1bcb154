"""The declarative query engine: parameters declared as data, parsed, and compiled to SQL.

A resource (see ``declarations.Resource``) lists its filters, sorts, includes and fields. The
engine reads only declared parameters, parses each with its declared kind, and asks each filter
for its SQL clause; no request handler branches on a parameter name.
"""
