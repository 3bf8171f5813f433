"""A tree two levels deep, as the goals and the roster show it: groups, and the items under each."""

from __future__ import annotations

from typing import overload

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex

Index = QModelIndex | QPersistentModelIndex


class TwoLevelModel(QAbstractItemModel):
    """Groups at the top (internal id 0) and items under them, each carrying its group's key as id."""

    def group_row(self, key: int) -> int:
        """The row of the group with this key."""
        raise NotImplementedError(f"{type(self).__name__} says where its groups are")

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, index: Index) -> QModelIndex: ...
    def parent(self, index: Index | None = None) -> QObject | QModelIndex | None:
        """An item's group; nothing above a group (without an index: the model's owner, as QObject's)."""
        if index is None:
            return super().parent()
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(self.group_row(index.internalId()), 0, 0)
