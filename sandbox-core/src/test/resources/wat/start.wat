;; A start function that never returns: only the instantiation budget stops it.
(module
  (func $forever (loop $l (br $l)))
  (start $forever))
