-- A seat held by a desk is sold by that desk only (docs/sync.md, "Seats"): another writer of
-- head office's database (the web platform) cannot take it, so a desk's offline sale of it is
-- never refused when it arrives. Desks' own writes name the desk (`@billettigue_sync_node`) and
-- pass; a seat no desk holds is anyone's.
CREATE TRIGGER seat_guard_reservation_seats_insert BEFORE INSERT ON reservation_seats FOR EACH ROW
    IF @billettigue_sync_node IS NULL AND NEW.active = 1 AND EXISTS (
        SELECT 1 FROM seat_allotments a
        WHERE a.trajet_id = NEW.trajet_id AND a.seat_number = NEW.seat_number AND a.status = 'held'
    ) THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'seat held by a desk: sold by that desk only';
    END IF;
